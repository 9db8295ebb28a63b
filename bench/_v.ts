import { validators as v } from '../src/detect/validators/index.js';
console.log(v.chileRut('169972133'), v.chileRut('7575230K'), v.spainDni('55453209W'), v.italyCodiceFiscale('WWOYYG79P44D945K'), v.indiaAadhaar('4952-5198-8252'), v.australiaTfn('345-615-583'));
