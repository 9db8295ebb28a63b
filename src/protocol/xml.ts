// Minimal XML writing shared by the awsQuery and restXml serializers.
export function escapeXml(s: string): string {
  // AWS escapes only what XML requires; apostrophes stay as they are in messages like "Value 'x' at …".
  return s.replace(/[&<>"\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' })[c]!);
}

export function element(name: string, inner: string, attrs = ''): string {
  return `<${name}${attrs}>${inner}</${name}>`;
}
