// word-extractor ships no types: the one call Sift makes (doc.ts).
declare module 'word-extractor' {
  export default class WordExtractor {
    extract(source: string | Buffer): Promise<unknown>;
  }
}
