import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../common/seeded-random.js';
import { ScanParser } from './eml.js';
import { emlOf } from './format-fixtures.js';

const enc = (s: string) => new TextEncoder().encode(s);

const messages: Record<string, Uint8Array> = {
  plain: enc('From: Ann Lee <ann@example.com>\nTo: b@example.com, "C, D" <c@example.com>\nSubject: order 42\nDate: Mon, 2 Mar 2026 10:11:00 +0000\n\nSSN 536-22-8726\r\nline two\n--\nAnn\n'),
  encodedWords: enc('From: =?utf-8?q?J=C3=BCrgen?= <j@example.com>\r\nSubject: =?iso-8859-1?b?SGVsbG8g5A==?=\r\nOTP-Token: "123456"; origin="https://example.com"\r\n\r\nbody\r\n'),
  noHeaders: enc('\njust a body\n'),
  empty: new Uint8Array(0),
  mime: emlOf({
    headers: { From: 'a@example.com', To: 'b@example.com', Cc: 'c@example.com', 'Message-ID': '<1@x>' },
    text: 'card 4556 7375 8689 9855\nsecond line é',
    html: '<p>card <b>4556 7375 8689 9855</b></p>',
    attachments: [{ filename: 'people.csv', contentType: 'text/csv', body: 'name,ssn\nAnn,536-22-8726\n' }, { filename: 'p.png', contentType: 'image/png', body: new Uint8Array([137, 80, 78, 71]) }],
  }),
  htmlOnly: emlOf({ headers: { From: 'a@example.com' }, text: '', html: '<p class="x">SSN <b>536-22-8726</b></p>' }),
  nested: enc(
    'From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nouter\r\n' +
      '--b1\r\nContent-Type: message/rfc822\r\n\r\nFrom: inner@example.com\r\nSubject: inner\r\n\r\ninner body 536-22-8726\r\n--b1--\r\n',
  ),
};

/** Parts in every transfer encoding, CRLF and LF, ended by a boundary or by the message's end, binary bytes. */
const crlf = (s: string) => s.replace(/\n/g, '\r\n');
const encodings: Record<string, Uint8Array> = {
  transferEncodings: enc(
    crlf('From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nSSN 536-22-8726 J=C3=BCrgen soft=\nbreak\nlast line\n') +
      '--b\nContent-Type: text/csv\nContent-Disposition: attachment; filename="a.csv"\nContent-Transfer-Encoding: base64\n\n' +
      Buffer.from('name,ssn\r\nAnn,536-22-8726\r\n'.repeat(40)).toString('base64').replace(/.{76}/g, '$&\n') +
      '\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="raw.bin"\n\nline one\r\nline two\nline three\r\n\r\n' +
      crlf('--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename="t.txt"\nContent-Transfer-Encoding: 7bit\n\nattached\ntext\n--b--\n'),
  ),
  endsWithoutBoundary: enc('From: a@example.com\nContent-Type: text/plain\n\nno boundary\r\nlast line kept with its break\r\n'),
  qpAtEnd: enc('From: a@example.com\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nx=3D1\ny=\n'),
  base64AtEnd: enc('From: a@example.com\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n' + Buffer.from('card 4556 7375 8689 9855\n').toString('base64') + '\n'),
};
Object.assign(messages, encodings);

const options = { attachmentEncoding: 'arraybuffer', maxNestingDepth: 64, rfc822Attachments: true } as const;

describe('ScanParser', () => {
  it.each(Object.keys(messages))('gives the headers, text, html and attachments postal-mime gives (%s)', async (name) => {
    const stock = await PostalMime.parse(messages[name]!, options);
    const ours = await new ScanParser(options).parse(messages[name]!);
    expect(ours.headers).toEqual(stock.headers);
    expect(ours.text).toEqual(stock.text);
    expect(ours.html).toEqual(stock.html);
    expect(ours.attachments).toEqual(stock.attachments);
  });

  it('skips what Sift never reads (addresses, date): the override is in use', async () => {
    const stock = await PostalMime.parse(messages.plain!, options);
    expect(stock.from?.address).toBe('ann@example.com');
    const ours = await new ScanParser(options).parse(messages.plain!);
    expect(ours.from).toBeUndefined();
    expect(ours.to).toBeUndefined();
    expect(ours.date).toBeUndefined();
  });
});

describe('ScanParser: parts without the Blob round trip', () => {
  it('makes no Blob for a message in every transfer encoding, and gives the bytes stock postal-mime gives', async () => {
    const RealBlob = globalThis.Blob;
    let made = 0;
    globalThis.Blob = class extends RealBlob {
      constructor(...args: ConstructorParameters<typeof Blob>) {
        super(...args);
        made++;
      }
    };
    try {
      for (const name of Object.keys(encodings)) {
        const ours = await new ScanParser(options).parse(encodings[name]!);
        expect(made, name).toBe(0);
        const stock = await PostalMime.parse(encodings[name]!, options);
        expect(made, name).toBeGreaterThan(0);
        made = 0;
        expect(ours.text, name).toEqual(stock.text);
        expect(ours.attachments, name).toEqual(stock.attachments);
        // toEqual does not look into ArrayBuffers: their bytes as hex.
        const bytes = (email: { attachments: { content: unknown }[] }) => email.attachments.map((a) => Buffer.from(a.content as ArrayBuffer).toString('hex'));
        expect(bytes(ours), name).toEqual(bytes(stock));
      }
      const all = await new ScanParser(options).parse(encodings.transferEncodings!);
      expect(all.attachments.map((a) => Buffer.from(a.content as ArrayBuffer).toString('latin1'))).toEqual([
        'name,ssn\r\nAnn,536-22-8726\r\n'.repeat(40), 'line one\r\nline two\nline three\r\n', 'attached\r\ntext',
      ]);
    } finally {
      globalThis.Blob = RealBlob;
    }
  });
});

describe('ScanParser: a single-part body read in one piece', () => {
  const HEADERS = [
    'Subject: hello', 'From: Ann <ann@example.com>', 'X-Note: a', ' folded on', '\tfolded on', '   ', '', 'not a header', 'From ann@example.com Mon Jan 1',
    'Content-Type: text/plain; charset=utf-8', 'Content-Type: text/plain; charset=iso-8859-1', 'Content-Type: text/html', 'Content-Type: application/octet-stream',
    'Content-Type: multipart/mixed', 'Content-Type: multipart/mixed; boundary=xx', 'Content-Type: message/rfc822', 'Content-Disposition: attachment; filename=a.bin',
    'Content-Transfer-Encoding: 7bit', 'Content-Transfer-Encoding: 8bit', 'Content-Transfer-Encoding: binary', 'Content-Transfer-Encoding: base64',
    'Content-Transfer-Encoding: quoted-printable', 'Subject: =?utf-8?q?caf=C3=A9?=',
  ];
  const PIECES = ['abc', 'Ann Smith 536-22-8726', '--xx', '--xx--', '-- ', '=41', '=\r\n', 'QUJD', ' ', '\t', 'é', '\u00ff', 'Subject: x', '\r\n', '\n', '\r', '\r\r\n', '\n\n'];
  const BREAKS = ['\r\n', '\n', '\r\n', '\n', '\r\r\n', '\n\r'];

  function message(next: () => number): Uint8Array {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const lines: string[] = [];
    for (let n = Math.floor(next() * 6); n > 0; n--) lines.push(pick(HEADERS));
    let text = lines.map((line) => line + pick(BREAKS)).join('');
    if (next() < 0.85) text += pick(BREAKS);
    for (let n = Math.floor(next() * 40); n > 0; n--) text += pick(PIECES);
    if (next() < 0.3) text += pick(['\r', '\r\r', '\n', '\r\n', 'end']);
    const bytes = Buffer.from(text, next() < 0.5 ? 'utf8' : 'latin1');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  const bytes = (email: { attachments: { content: unknown }[] }) => email.attachments.map((a) => Buffer.from(a.content as ArrayBuffer).toString('hex'));

  it('gives what stock postal-mime gives on random messages', async () => {
    const next = seededRandom(20261207);
    for (let i = 0; i < 3000; i++) {
      const raw = message(next);
      const label = JSON.stringify(Buffer.from(raw).toString('latin1'));
      const stock = await PostalMime.parse(raw, options).catch((err: Error) => err.message);
      const ours = await new ScanParser(options).parse(raw).catch((err: Error) => err.message);
      if (typeof stock === 'string' || typeof ours === 'string') {
        expect(ours, label).toEqual(stock);
        continue;
      }
      expect(ours.headers, label).toEqual(stock.headers);
      expect(ours.text, label).toEqual(stock.text);
      expect(ours.html, label).toEqual(stock.html);
      expect(ours.attachments, label).toEqual(stock.attachments);
      expect(bytes(ours), label).toEqual(bytes(stock));
    }
  });

  it('keeps every byte of a single-part attachment, line breaks and a last line without one included', async () => {
    for (const end of ['', '\r', '\r\r', '\n', '\r\n', '\n\n', 'x\r']) {
      const raw = enc(`Content-Type: application/octet-stream\r\n\r\none\r\ntwo\rthree\n\n${end}`);
      const stock = await PostalMime.parse(raw, options);
      const ours = await new ScanParser(options).parse(raw);
      expect(bytes(ours), JSON.stringify(end)).toEqual(bytes(stock));
    }
  });

  it('reads the body after the headers in one step', async () => {
    const raw = enc(`Subject: lines\nFrom: ann@example.com\n\n${'Ann Smith, 536-22-8726\n'.repeat(200)}`);
    const proto = PostalMime.prototype as unknown as { processLine(...args: unknown[]): unknown };
    const processLine = proto.processLine;
    let calls = 0;
    proto.processLine = function (this: unknown, ...args: unknown[]) {
      calls++;
      return processLine.apply(this, args);
    };
    try {
      const ours = await new ScanParser(options).parse(raw);
      expect(ours.text).toBe('Ann Smith, 536-22-8726\n'.repeat(200));
    } finally {
      proto.processLine = processLine;
    }
    expect(calls).toBeLessThanOrEqual(4);
  });
});
