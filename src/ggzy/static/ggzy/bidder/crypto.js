// ggzy sealed bids — the bidder's cryptography in the browser (WebCrypto). Sealed-bids spec §1–§4.
// Same formats as src/ggzy/trading/tendering/bidder_client/sealing.py; see docs/sealed-bids-crypto.md.
// Private keys and content keys never leave this page except the CEK at the opening (spec §4).

export const BID_FORMAT = "ggzy-bid/1";
export const KEYFILE_FORMAT = "ggzy-bidder-keyfile/1";
export const PBKDF2_ITERATIONS = 600000;
const PBKDF2_MAX_ITERATIONS = 10000000;
const MIN_PASSPHRASE_CHARS = 8;
const RSA_BITS = 3072;
const subtle = globalThis.crypto && globalThis.crypto.subtle;
const utf8 = new TextEncoder();

export class BidderError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function requireSubtle() {
  if (!subtle) {
    throw new BidderError("webcrypto_unavailable", "此浏览器不支持 WebCrypto，或页面不是安全连接（HTTPS）");
  }
}

// --- encodings ---------------------------------------------------------------------------------

function bytesToBinary(bytes) {
  const chunks = [];
  for (let i = 0; i < bytes.length; i += 0x8000) {
    chunks.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
  }
  return chunks.join("");
}

export function b64encode(bytes) {
  return btoa(bytesToBinary(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)));
}

export function b64urlEncode(bytes) {
  return b64encode(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function b64urlDecode(text) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new BidderError("bad_base64url", "base64url 编码无效");
  }
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export async function sha256Hex(bytes) {
  const digest = new Uint8Array(await subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function ascii(text) {
  return utf8.encode(text);
}

// --- keys ----------------------------------------------------------------------------------------

const RSA_PUBLIC = ["kty", "n", "e"];
const RSA_PRIVATE = ["d", "p", "q", "dp", "dq", "qi"];
const EC_PUBLIC = ["kty", "crv", "x", "y"];
const RSA_OAEP = { name: "RSA-OAEP", hash: "SHA-256" };
const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" };

function pick(jwk, members) {
  const out = {};
  for (const m of members) out[m] = jwk[m];
  return out;
}

async function kidFor(uscc, use, jwk) {
  // RFC 7638 thumbprint input (members in lexicographic order), hex, first 16 bytes.
  const canonical = use === "enc"
    ? JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })
    : JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return `${uscc}-${use}-${(await sha256Hex(utf8.encode(canonical))).slice(0, 32)}`;
}

function encPublicOf(jwk) {
  return { ...pick(jwk, RSA_PUBLIC), kid: jwk.kid, use: "enc", alg: "RSA-OAEP-256" };
}

function sigPublicOf(jwk) {
  return { ...pick(jwk, EC_PUBLIC), kid: jwk.kid, use: "sig", alg: "ES256" };
}

async function cryptoKeys(enc, sig, extractable) {
  const clean = (jwk, members) => ({ ...pick(jwk, members), alg: jwk.alg });
  return {
    encPrivate: await subtle.importKey("jwk", clean(enc, [...RSA_PUBLIC, ...RSA_PRIVATE]), RSA_OAEP, extractable, ["decrypt"]),
    encPublic: await subtle.importKey("jwk", clean(enc, RSA_PUBLIC), RSA_OAEP, true, ["encrypt"]),
    sigPrivate: await subtle.importKey("jwk", clean(sig, [...EC_PUBLIC, "d"]), ECDSA_P256, extractable, ["sign"]),
  };
}

function keysObject(uscc, enc, sig, handles, privateJwks) {
  return {
    uscc,
    encKid: enc.kid,
    sigKid: sig.kid,
    publicJwks: [encPublicOf(enc), sigPublicOf(sig)],
    handles,
    privateJwks, // only for keys generated in this page, until exported to a key file
  };
}

/** Fresh RSA-3072 enc + EC P-256 sig keys (spec §1). */
export async function generateKeys(uscc) {
  requireSubtle();
  const rsaPair = await subtle.generateKey(
    { ...RSA_OAEP, modulusLength: RSA_BITS, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ["encrypt", "decrypt"],
  );
  const ecPair = await subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const encRaw = await subtle.exportKey("jwk", rsaPair.privateKey);
  const sigRaw = await subtle.exportKey("jwk", ecPair.privateKey);
  const enc = { ...pick(encRaw, [...RSA_PUBLIC, ...RSA_PRIVATE]), use: "enc", alg: "RSA-OAEP-256" };
  enc.kid = await kidFor(uscc, "enc", enc);
  const sig = { ...pick(sigRaw, [...EC_PUBLIC, "d"]), use: "sig", alg: "ES256" };
  sig.kid = await kidFor(uscc, "sig", sig);
  return keysObject(uscc, enc, sig, await cryptoKeys(enc, sig, false), { enc, sig });
}

async function passphraseKey(passphrase, salt, iterations, usages) {
  const base = await subtle.importKey("raw", utf8.encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveKey"]);
  return subtle.deriveKey(
    { name: "PBKDF2", salt, iterations, hash: "SHA-256" },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    usages,
  );
}

/** Key file (JSON bytes) for keys made by generateKeys: PBKDF2-SHA256 + AES-256-GCM. */
export async function exportKeyFile(keys, passphrase) {
  requireSubtle();
  if (!keys.privateJwks) throw new BidderError("keys_not_exportable", "只能导出本页面生成的密钥");
  if (typeof passphrase !== "string" || passphrase.length < MIN_PASSPHRASE_CHARS) {
    throw new BidderError("passphrase_too_short", `口令至少 ${MIN_PASSPHRASE_CHARS} 个字符`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await passphraseKey(passphrase, salt, PBKDF2_ITERATIONS, ["encrypt"]);
  const secret = utf8.encode(JSON.stringify({ enc: keys.privateJwks.enc, sig: keys.privateJwks.sig }));
  const additionalData = utf8.encode(`${KEYFILE_FORMAT}:${keys.uscc}`);
  const sealed = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv, additionalData }, key, secret));
  const document = {
    format: KEYFILE_FORMAT,
    uscc: keys.uscc,
    public: { enc: keys.publicJwks[0], sig: keys.publicJwks[1] },
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: PBKDF2_ITERATIONS, salt: b64urlEncode(salt) },
    cipher: { name: "AES-GCM", iv: b64urlEncode(iv) },
    ciphertext: b64urlEncode(sealed),
  };
  return utf8.encode(JSON.stringify(document) + "\n");
}

function sameJwk(a, b) {
  const keys = Object.keys(a).sort();
  return keys.join() === Object.keys(b).sort().join() && keys.every((k) => a[k] === b[k]);
}

/** Read a key file (from this module or `ggzy bidder keygen`); private keys become non-extractable. */
export async function importKeyFile(data, passphrase) {
  requireSubtle();
  let doc;
  let salt;
  let iv;
  let sealed;
  try {
    doc = JSON.parse(typeof data === "string" ? data : new TextDecoder("utf-8", { fatal: true }).decode(data));
    if (doc.format !== KEYFILE_FORMAT || doc.kdf.name !== "PBKDF2" || doc.kdf.hash !== "SHA-256") throw new Error();
    if (doc.cipher.name !== "AES-GCM" || typeof doc.uscc !== "string") throw new Error();
    salt = b64urlDecode(doc.kdf.salt);
    iv = b64urlDecode(doc.cipher.iv);
    sealed = b64urlDecode(doc.ciphertext);
  } catch (e) {
    throw new BidderError("keyfile_malformed", "不是本平台的投标密钥文件");
  }
  const iterations = doc.kdf.iterations;
  if (!Number.isInteger(iterations) || iterations < PBKDF2_ITERATIONS || iterations > PBKDF2_MAX_ITERATIONS) {
    throw new BidderError("keyfile_weak_kdf", "密钥文件的口令派生参数不安全");
  }
  const key = await passphraseKey(passphrase, salt, iterations, ["decrypt"]);
  let secret;
  try {
    const additionalData = utf8.encode(`${KEYFILE_FORMAT}:${doc.uscc}`);
    secret = JSON.parse(new TextDecoder().decode(await subtle.decrypt({ name: "AES-GCM", iv, additionalData }, key, sealed)));
  } catch (e) {
    throw new BidderError("keyfile_passphrase_wrong", "口令错误，或密钥文件已损坏");
  }
  const { enc, sig } = secret;
  if (!sameJwk(encPublicOf(enc), doc.public.enc) || !sameJwk(sigPublicOf(sig), doc.public.sig)) {
    throw new BidderError("keyfile_malformed", "密钥文件中的公钥与私钥不一致");
  }
  return keysObject(doc.uscc, enc, sig, await cryptoKeys(enc, sig, false), null);
}

// --- sealing and opening ---------------------------------------------------------------------------

const AMOUNT_RE = /^(?:0|[1-9]\d{0,12})(?:\.\d{1,2})?$/;

/** "1234567.89" → 1234567.89, refused unless exact (≤ 2 decimals, ≤ 15 significant digits). */
export function parseAmount(text) {
  const value = String(text).trim().replace(/,/g, "");
  if (!AMOUNT_RE.test(value) || Number(value) <= 0) {
    throw new BidderError("bid_content_invalid", "报价金额应为大于 0 的数字，最多两位小数");
  }
  return Number(value);
}

/** §2 content; files as [{name, mediaType, bytes: Uint8Array}]. */
export function buildBidContent({ sectionId, bidder, amount, declared = {}, files = [] }) {
  return {
    format: BID_FORMAT,
    sectionId: String(sectionId),
    bidder,
    price: { amount: typeof amount === "number" ? amount : parseAmount(amount), currency: "CNY" },
    declared,
    files: files.map((f) => ({ name: f.name, mediaType: f.mediaType, data: b64encode(f.bytes) })),
  };
}

/** Encrypt to the bidder's own enc key and sign the manifest (spec §3). */
export async function sealBid({ content, keys, sectionId, signedAt = new Date() }) {
  requireSubtle();
  const full = { format: BID_FORMAT, sectionId: String(sectionId), bidder: keys.uscc, ...content };
  if (full.sectionId !== String(sectionId) || full.bidder !== keys.uscc) {
    throw new BidderError("bid_content_invalid", "投标内容中的标段或投标人与密钥不符");
  }
  const plaintext = utf8.encode(JSON.stringify(full));
  const cek = crypto.getRandomValues(new Uint8Array(32));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const protectedB64 = b64urlEncode(utf8.encode(JSON.stringify({ alg: "RSA-OAEP-256", enc: "A256GCM", kid: keys.encKid })));
  const aesKey = await subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt"]);
  const sealed = new Uint8Array(
    await subtle.encrypt({ name: "AES-GCM", iv, additionalData: ascii(protectedB64), tagLength: 128 }, aesKey, plaintext),
  );
  const wrapped = new Uint8Array(await subtle.encrypt({ name: "RSA-OAEP" }, keys.handles.encPublic, cek));
  cek.fill(0);
  const envelope = JSON.stringify({
    protected: protectedB64,
    encrypted_key: b64urlEncode(wrapped),
    iv: b64urlEncode(iv),
    ciphertext: b64urlEncode(sealed.subarray(0, sealed.length - 16)),
    tag: b64urlEncode(sealed.subarray(sealed.length - 16)),
  });
  const payload = {
    sectionId: String(sectionId),
    bidder: keys.uscc,
    plaintextSha256: await sha256Hex(plaintext),
    envelopeSha256: await sha256Hex(utf8.encode(envelope)),
    signedAt: signedAt.toISOString(),
  };
  const head = b64urlEncode(utf8.encode(JSON.stringify({ alg: "ES256", kid: keys.sigKid })));
  const signingInput = `${head}.${b64urlEncode(utf8.encode(JSON.stringify(payload)))}`;
  // WebCrypto's ECDSA signature is raw r||s (64 bytes): exactly the JWS ES256 format (RFC 7518 §3.4).
  const signature = new Uint8Array(await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.handles.sigPrivate, ascii(signingInput)));
  return {
    envelope,
    manifest: `${signingInput}.${b64urlEncode(signature)}`,
    plaintextSha256: payload.plaintextSha256,
    envelopeSha256: payload.envelopeSha256,
  };
}

/** Unwrap the CEK locally at the opening (spec §4); returns its base64url, as POSTed. */
export async function unwrapCek({ envelope, keys }) {
  requireSubtle();
  let doc;
  let header;
  try {
    doc = JSON.parse(envelope);
    header = JSON.parse(new TextDecoder().decode(b64urlDecode(doc.protected)));
  } catch (e) {
    throw new BidderError("envelope_malformed", "投标文件信封格式错误");
  }
  if (header.alg !== "RSA-OAEP-256" || header.enc !== "A256GCM") {
    throw new BidderError("envelope_alg_unsupported", "不支持的加密算法");
  }
  if (header.kid !== keys.encKid) {
    throw new BidderError("envelope_kid_mismatch", "信封不是用此密钥文件中的加密密钥加密的");
  }
  let cek;
  try {
    cek = new Uint8Array(await subtle.decrypt({ name: "RSA-OAEP" }, keys.handles.encPrivate, b64urlDecode(doc.encrypted_key)));
  } catch (e) {
    throw new BidderError("cek_unwrap_failed", "无法解开内容密钥");
  }
  if (cek.length !== 32) throw new BidderError("cek_unwrap_failed", "内容密钥长度不符");
  return b64urlEncode(cek);
}
