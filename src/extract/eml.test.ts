import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
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
