// punycode 2 ships no types; @types/node only types Node's deprecated built-in `punycode`, which a
// bare "punycode" import would resolve to under Node. The ES module file is the package itself.
declare module 'punycode/punycode.es6.js' {
  /** RFC 3492 decoding of the part after "xn--"; throws RangeError on malformed input. */
  export function decode(input: string): string;
  /** RFC 3492 encoding of a label (without the "xn--" prefix). */
  export function encode(input: string): string;
}
