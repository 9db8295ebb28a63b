// The validator registry: catalog entries name a validator; the compiler resolves the name here.
import { australiaAddress, canadaAddress, franceAddress, germanyAddress, italyAddress, spainAddress, ukAddress, usAddress } from '../addresses/validate.js';
import { personName, personNameReversed } from '../names/validate.js';
import { abaRouting } from './aba-routing.js';
import { argentinaCuit, chileRut, colombiaNit, mexicoCurp } from './americas.js';
import { brazilCnpj, brazilCpf } from './brazil.js';
import { canadaSin } from './canada-sin.js';
import { creditCard } from './credit-card.js';
import { basicAuthHeader, jsonWebToken } from './credentials.js';
import { franceInsee, franceRib, franceTaxId } from './france.js';
import { germanyDocumentNumber, germanyTaxId } from './germany.js';
import { iban } from './iban.js';
import { italyCodiceFiscale } from './italy.js';
import { luhn } from './luhn.js';
import {
  argentinaSube, australiaTfn, calendarDate, cardExpiration, latitudeLongitude, magneticStripe, ukUtr, vin,
} from './misc.js';
import { spainCcc, spainCif, spainDni, spainNie, spainNif, spainNss } from './spain.js';
import { ukNhs } from './uk-nhs.js';
import { ukNino } from './uk-nino.js';
import { gs1Udi, usDea, usHicn, usMbi, usNpi } from './usa-health.js';
import { usItin } from './us-itin.js';
import { usSsn } from './us-ssn.js';
import { indiaAadhaar } from './verhoeff.js';

export const validators = {
  abaRouting, argentinaCuit, basicAuthHeader, jsonWebToken, argentinaSube, australiaTfn, brazilCnpj, brazilCpf, calendarDate, canadaSin,
  cardExpiration, chileRut, colombiaNit, creditCard, franceInsee, franceRib, franceTaxId, germanyDocumentNumber,
  germanyTaxId, gs1Udi, iban, indiaAadhaar, italyCodiceFiscale, latitudeLongitude, luhn, magneticStripe, mexicoCurp,
  spainCcc, spainCif, spainDni, spainNie, spainNif, spainNss, ukNhs, ukNino, ukUtr, usDea, usHicn, usItin, usMbi, usNpi,
  usSsn, vin,
  // Names and addresses (src/detect/names, src/detect/addresses).
  personName, personNameReversed, usAddress, ukAddress, canadaAddress, australiaAddress, franceAddress, germanyAddress, italyAddress, spainAddress,
} as const satisfies Record<string, (value: string) => boolean>;

export type ValidatorName = keyof typeof validators;

export function isValidatorName(name: string): name is ValidatorName {
  return Object.prototype.hasOwnProperty.call(validators, name);
}

export { luhnDigits } from './luhn.js';
export { mod97, ibanLengths } from './iban.js';
export { verhoeffDigits } from './verhoeff.js';
export { icaoCheckDigit } from './germany.js';
export { issuerMatches } from './credit-card.js';
