/**
 * A small SAX walk over an XML string (htmlparser2 in XML mode, entities decoded): element names without their
 * namespace prefix, attributes, text. Office parts are read through it.
 */
import { Parser } from 'htmlparser2';

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

const local = (name: string): string => {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
};

export function walkXml(xml: string, handlers: XmlHandlers): void {
  const parser = new Parser(
    {
      onopentag: handlers.open ? (name, attrs) => handlers.open!(local(name), attrs) : undefined,
      onclosetag: handlers.close ? (name) => handlers.close!(local(name)) : undefined,
      ontext: handlers.text ? (text) => handlers.text!(text) : undefined,
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
}
