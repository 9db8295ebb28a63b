// Managed data identifiers for credentials (Macie User Guide, "Managed data identifiers for credentials"; reference D.1).
import type { IdentifierSpec } from '../types.js';

const privateKeyBody = String.raw`[A-Za-z0-9+/=:\-,\s]{1,100000}?`;

export const credentials = [
  {
    id: 'AWS_CREDENTIALS',
    category: 'CREDENTIALS',
    description: 'AWS secret access key near a keyword or an access key ID',
    countries: ['ANY'],
    recommended: true,
    keywords: ['aws_secret_access_key', 'credentials', 'secret access key', 'secret key', 'set-awscredential', 'aws secret', 'secretaccesskey'],
    keywordPatterns: [String.raw`\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16}\b`],
    rules: [
      {
        // 40 base64 characters with both letter cases: hex digests (lower case only) are not secret keys.
        pattern: String.raw`(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])`,
        keywordRequired: true,
        // The lookaheads cost ~80 steps a character over a keyword's window: run it only where 40 such characters are.
        run: { chars: 'A-Za-z0-9/+', min: 40 },
      },
    ],
    // AWS's documented example keys: never reported, and the example key ids do not count as context either.
    ignore: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'],
    examples: {
      positive: [
        'aws_secret_access_key = «kZ3pQ8vN2xR7tY1wL5mB9cF4hJ6dG0sAeU+iO3nq»',
        'AKIA2OGYBAH6QT7XM4PE,«Ab8Cd9Ef0Gh1Ij2Kl3Mn4Op5Qr6St7Uv8Wx9Yz0a»',
        'export AWS_SECRET_ACCESS_KEY=«kZ3pQ8vN2xR7tY1wL5mB9cF4hJ6dG0sAeU/iO3nq»',
      ],
      negative: [
        'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
        'secret key sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709',
        'kZ3pQ8vN2xR7tY1wL5mB9cF4hJ6dG0sAeU+iO3nq with no keyword nearby',
        'AKIAIOSFODNN7EXAMPLE\n# rotated\nkZ3pQ8vN2xR7tY1wL5mB9cF4hJ6dG0sAeU+iO3nq',
      ],
    },
  },
  {
    id: 'GCP_API_KEY',
    category: 'CREDENTIALS',
    description: 'Google Cloud API key (keyString)',
    countries: ['ANY'],
    recommended: false,
    keywords: ['G_PLACES_KEY', 'GCP api key', 'GCP key', 'google cloud key', 'google-api-key', 'google-cloud-apikeys', 'GOOGLEKEY', 'X-goog-api-key', 'google api key'],
    rules: [{ pattern: String.raw`\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])`, keywordRequired: true }],
    examples: {
      positive: ['X-goog-api-key: «AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe»', 'GOOGLEKEY=«AIzaSyB1c2d3e4f5g6h7i8j9k0lMnOpQrStUvWx»'],
      negative: ['AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe', 'google api key: AIzaShort'],
    },
  },
  {
    id: 'HTTP_BASIC_AUTH_HEADER',
    category: 'CREDENTIALS',
    description: 'HTTP Basic Authorization header (RFC 7617)',
    countries: ['ANY'],
    recommended: true,
    keywords: [],
    rules: [
      {
        pattern: String.raw`(?:Proxy-)?Authorization:[ \t]*Basic[ \t]+[A-Za-z0-9+/]{4,}={0,2}`,
        caseInsensitive: true,
        keywordRequired: false,
        gate: { anchors: ['authorization:'], lookbehind: 6 },
        validator: 'basicAuthHeader',
      },
    ],
    examples: {
      positive: ['GET / HTTP/1.1\r\n«Authorization: Basic YWxpY2U6Y29ycmVjdC1ob3JzZQ==»\r\n', '«Proxy-Authorization: Basic YWxpY2U6Y29ycmVjdC1ob3JzZQ==»'],
      negative: ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9', 'Basic YWxpY2U6Y29ycmVjdC1ob3JzZQ==', 'Authorization: Basic bm9jb2xvbmhlcmU='],
    },
  },
  {
    id: 'JSON_WEB_TOKEN',
    category: 'CREDENTIALS',
    description: 'JSON Web Token (RFC 7519), signed or unsigned',
    countries: ['ANY'],
    recommended: false,
    keywords: [],
    rules: [
      {
        pattern: String.raw`(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*`,
        keywordRequired: false,
        gate: { anchors: ['eyJ'], caseSensitive: true },
        validator: 'jsonWebToken',
      },
    ],
    examples: {
      positive: [
        'token=«eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUgUm9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c»',
        '«eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.»',
      ],
      negative: ['eyJub3QiOiJhIHRva2VuIn0.eyJzdWIiOiIxIn0.abc', 'eyJhbGciOiJIUzI1NiJ9 alone'],
    },
  },
  {
    id: 'OPENSSH_PRIVATE_KEY',
    category: 'CREDENTIALS',
    description: 'OpenSSH private key',
    countries: ['ANY'],
    recommended: true,
    keywords: [],
    rules: [
      {
        pattern: String.raw`-----BEGIN OPENSSH PRIVATE KEY-----(?:${privateKeyBody}-----END OPENSSH PRIVATE KEY-----)?`,
        keywordRequired: false,
        maxLength: 100_100,
        gate: { anchors: ['-----BEGIN '], caseSensitive: true },
      },
    ],
    examples: {
      positive: ['«-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----»\n'],
      negative: ['-----BEGIN OPENSSH PUBLIC KEY-----', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV4YW1wbGU user@host'],
    },
  },
  {
    id: 'PGP_PRIVATE_KEY',
    category: 'CREDENTIALS',
    description: 'PGP private key block',
    countries: ['ANY'],
    recommended: true,
    keywords: [],
    rules: [
      {
        pattern: String.raw`-----BEGIN PGP PRIVATE KEY BLOCK-----(?:[\s\S]{1,100000}?-----END PGP PRIVATE KEY BLOCK-----)?`,
        keywordRequired: false,
        maxLength: 100_100,
        gate: { anchors: ['-----BEGIN '], caseSensitive: true },
      },
    ],
    examples: {
      positive: ['«-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF0X\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----»'],
      negative: ['-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQENBF0X\n-----END PGP PUBLIC KEY BLOCK-----', '-----BEGIN PGP SIGNATURE-----'],
    },
  },
  {
    id: 'PKCS',
    category: 'CREDENTIALS',
    description: 'PKCS#1 / PKCS#8 private key (PEM)',
    countries: ['ANY'],
    recommended: true,
    keywords: [],
    rules: [
      {
        pattern: String.raw`-----BEGIN (?:RSA |DSA |EC |ENCRYPTED )?PRIVATE KEY-----(?:${privateKeyBody}-----END (?:RSA |DSA |EC |ENCRYPTED )?PRIVATE KEY-----)?`,
        keywordRequired: false,
        maxLength: 100_100,
        gate: { anchors: ['-----BEGIN '], caseSensitive: true },
      },
    ],
    examples: {
      positive: [
        '«-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----»',
        'key: «-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----»',
      ],
      negative: ['-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n-----END CERTIFICATE-----', '-----BEGIN PUBLIC KEY-----'],
    },
  },
  {
    id: 'PUTTY_PRIVATE_KEY',
    category: 'CREDENTIALS',
    description: 'PuTTY private key (.ppk)',
    countries: ['ANY'],
    recommended: true,
    keywords: [],
    rules: [
      {
        pattern: String.raw`PuTTY-User-Key-File-[23]: [\w-]+\r?\nEncryption: [\w-]+\r?\nComment: [^\r\n]*\r?\nPublic-Lines: \d+[\s\S]{0,20000}?Private-MAC: [0-9a-fA-F]+`,
        keywordRequired: false,
        maxLength: 21_000,
        gate: { anchors: ['PuTTY-User-Key-File-'], caseSensitive: true },
      },
    ],
    examples: {
      positive: ['«PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key-20240101\nPublic-Lines: 1\nAAAAB3NzaC1yc2EAAAABJQAAAQEA\nPrivate-Lines: 1\nAAABAQCx\nPrivate-MAC: 5a1f0c3e9b7d2a4c6e8f0a1b3c5d7e9f01234567»'],
      negative: ['PuTTY-User-Key-File-2: ssh-rsa (header only)', 'Encryption: none\nComment: x'],
    },
  },
  {
    id: 'STRIPE_CREDENTIALS',
    category: 'CREDENTIALS',
    description: 'Stripe API key',
    countries: ['ANY'],
    recommended: false,
    keywords: [],
    rules: [
      {
        pattern: String.raw`\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{24,99}\b`,
        keywordRequired: false,
        gate: { anchors: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'pk_live_', 'pk_test_'], caseSensitive: true },
      },
    ],
    ignore: ['sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'pk_test_TYooMQauvdEDq54NiTphI7jx'],
    examples: {
      positive: ['STRIPE_KEY=«sk_live_51HcQ2bLkdIwHu7ixNfX3y8Zq»', '«rk_live_4eC39HqLyjWDarjtT1zdp7dcXy»'],
      negative: ['sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'pk_test_TYooMQauvdEDq54NiTphI7jx', 'sk_live_short'],
    },
  },
] as const satisfies readonly IdentifierSpec[];
