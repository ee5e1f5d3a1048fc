// ggzy sealed bids in the browser: functions (window.ggzyBidder / ES exports) and data- attribute hooks.
// Load with <script type="module" src="{% static 'ggzy/bidder/bidder.js' %}"></script> (no inline
// script: CSP script-src 'self'). The hooks are documented in docs/sealed-bids-crypto.md §6.

import {
  BidderError,
  b64urlDecode,
  buildBidContent,
  exportKeyFile,
  generateKeys,
  importKeyFile,
  parseAmount,
  sealBid,
  sha256Hex,
  unwrapCek,
} from "./crypto.js";

export * from "./crypto.js";

const EXTENSIONS = {
  pdf: "application/pdf",
  ofd: "application/ofd",
  zip: "application/zip",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  txt: "text/plain",
};

export function mediaTypeOf(file) {
  const extension = file.name.includes(".") ? file.name.split(".").pop().toLowerCase() : "";
  return EXTENSIONS[extension] || file.type || "application/octet-stream";
}

export async function readFiles(fileList) {
  const out = [];
  for (const file of Array.from(fileList || [])) {
    out.push({ name: file.name, mediaType: mediaTypeOf(file), bytes: new Uint8Array(await file.arrayBuffer()) });
  }
  return out;
}

/** Submission fingerprint (redflags spec, ggzy_submission): what a browser can honestly tell. */
export async function browserFingerprint(files) {
  let installId = null;
  try {
    installId = localStorage.getItem("ggzy-bidder-install-id");
    if (!installId) {
      installId = crypto.randomUUID();
      localStorage.setItem("ggzy-bidder-install-id", installId);
    }
  } catch (e) {
    installId = null; // storage disabled: unknown, never "different"
  }
  const fingerprint = {};
  if (installId) fingerprint.fileCreatorId = `ggzy-bidder-web:${installId}`;
  if (files.length) fingerprint.documentHash = await sha256Hex(files[0].bytes);
  return fingerprint;
}

// --- DOM plumbing ----------------------------------------------------------------------------------

function $(form, selector) {
  return form.querySelector(selector);
}

function status(form, text, isError = false) {
  const el = $(form, "[data-ggzy-status]");
  if (el) {
    el.textContent = text;
    el.dataset.state = isError ? "error" : "ok";
  }
}

function csrfToken(form) {
  const field = form.querySelector("input[name=csrfmiddlewaretoken]");
  if (field) return field.value;
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function postJson(form, url, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form) },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new BidderError(data.code || `http_${response.status}`, data.message || "提交失败");
  return data;
}

function emit(form, name, detail) {
  // Cancelable: a page that calls preventDefault() takes over (no POST, no native submit).
  return form.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, cancelable: true }));
}

async function keysFromForm(form) {
  const input = $(form, "[data-ggzy-keyfile]");
  const passphrase = $(form, "[data-ggzy-passphrase]");
  if (!input || !input.files || !input.files.length) throw new BidderError("keyfile_missing", "请选择投标密钥文件");
  return importKeyFile(new Uint8Array(await input.files[0].arrayBuffer()), passphrase ? passphrase.value : "");
}

function declaredFromForm(form) {
  const declared = {};
  for (const el of form.querySelectorAll("[data-ggzy-declared]")) {
    const type = el.dataset.ggzyType || "string";
    let value = el.type === "checkbox" ? el.checked : el.value.trim();
    if (type === "number" || type === "integer") {
      if (value === "") continue;
      value = Number(value);
      if (!Number.isFinite(value) || (type === "integer" && !Number.isInteger(value))) {
        throw new BidderError("bid_content_invalid", `“${el.dataset.ggzyDeclared}”应为数字`);
      }
    }
    declared[el.dataset.ggzyDeclared] = value;
  }
  return declared;
}

function checkFiles(form, files) {
  const allowed = (form.dataset.allowedTypes || "").split(",").map((s) => s.trim()).filter(Boolean);
  const maxFileBytes = Number(form.dataset.maxFileBytes || 0);
  for (const f of files) {
    if (allowed.length && !allowed.includes(f.mediaType)) {
      throw new BidderError("bid_file_type_forbidden", `附件“${f.name}”的类型不在允许范围内`);
    }
    if (maxFileBytes && f.bytes.length > maxFileBytes) {
      throw new BidderError("bid_file_too_large", `附件“${f.name}”超过允许的大小`);
    }
  }
}

function finishNatively(form, fields) {
  // Plaintext inputs carry no name= and are disabled as well: only ciphertext leaves the page.
  for (const el of form.querySelectorAll("[data-ggzy-price],[data-ggzy-declared],[data-ggzy-files],[data-ggzy-keyfile],[data-ggzy-passphrase]")) {
    el.disabled = true;
  }
  for (const [selector, value] of Object.entries(fields)) {
    const el = $(form, selector);
    if (el) el.value = value;
  }
  HTMLFormElement.prototype.submit.call(form);
}

async function onSeal(form) {
  status(form, "正在加密投标文件……");
  const keys = await keysFromForm(form);
  const sectionId = form.dataset.sectionId;
  if (form.dataset.bidder && form.dataset.bidder !== keys.uscc) {
    throw new BidderError("keyfile_wrong_bidder", "密钥文件不属于当前投标人");
  }
  const files = [];
  for (const input of form.querySelectorAll("[data-ggzy-files]")) files.push(...(await readFiles(input.files)));
  checkFiles(form, files);
  const priceInput = $(form, "[data-ggzy-price]");
  const content = buildBidContent({
    sectionId,
    bidder: keys.uscc,
    amount: parseAmount(priceInput ? priceInput.value : ""),
    declared: declaredFromForm(form),
    files,
  });
  const sealed = await sealBid({ content, keys, sectionId });
  const maxBytes = Number(form.dataset.maxBytes || 0);
  if (maxBytes && new TextEncoder().encode(sealed.envelope).length > maxBytes) {
    throw new BidderError("envelope_too_large", "投标文件超过允许的大小");
  }
  const fingerprint = await browserFingerprint(files);
  const detail = { ...sealed, fingerprint, sectionId };
  if (!emit(form, "ggzy:sealed", detail)) return;
  if (form.dataset.submitUrl) {
    status(form, "正在上传密文……");
    const result = await postJson(form, form.dataset.submitUrl, {
      envelope: sealed.envelope,
      manifest: sealed.manifest,
      fingerprint,
    });
    status(form, "投标文件已加密上传，已收到平台回执。");
    emit(form, "ggzy:submitted", { ...detail, result });
    return;
  }
  finishNatively(form, {
    "[data-ggzy-envelope]": sealed.envelope,
    "[data-ggzy-manifest]": sealed.manifest,
    "[data-ggzy-fingerprint]": JSON.stringify(fingerprint),
  });
}

async function envelopeFor(form) {
  const source = $(form, "[data-ggzy-envelope-source]");
  if (source) return source.value || source.textContent.trim();
  if (form.dataset.envelopeUrl) {
    const response = await fetch(form.dataset.envelopeUrl, { credentials: "same-origin" });
    if (!response.ok) throw new BidderError(`http_${response.status}`, "无法取得投标文件信封");
    return (await response.json()).envelope;
  }
  throw new BidderError("envelope_missing", "页面没有提供投标文件信封");
}

async function onOpen(form) {
  status(form, "正在用本机私钥解开内容密钥……");
  const keys = await keysFromForm(form);
  const cek = await unwrapCek({ envelope: await envelopeFor(form), keys });
  const detail = { bidId: form.dataset.bidId, cek };
  if (!emit(form, "ggzy:unwrapped", detail)) return;
  if (form.dataset.keyUrl) {
    const result = await postJson(form, form.dataset.keyUrl, { cek });
    status(form, "内容密钥已提交，等待平台解密。");
    emit(form, "ggzy:key-sent", { ...detail, result });
    return;
  }
  finishNatively(form, { "[data-ggzy-cek]": cek });
}

function download(bytes, filename) {
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function onKeygen(form) {
  const passphrase = $(form, "[data-ggzy-passphrase]");
  const confirm = $(form, "[data-ggzy-passphrase-confirm]");
  if (confirm && confirm.value !== passphrase.value) throw new BidderError("passphrase_mismatch", "两次输入的口令不一致");
  status(form, "正在生成密钥（RSA-3072 与 P-256）……");
  const keys = await generateKeys(form.dataset.uscc);
  const file = await exportKeyFile(keys, passphrase ? passphrase.value : "");
  keys.privateJwks = null;
  download(file, `ggzy-bidder-${keys.uscc}.key.json`);
  const detail = { uscc: keys.uscc, publicJwks: keys.publicJwks };
  if (!emit(form, "ggzy:keys-generated", detail)) return;
  if (form.dataset.registerUrl) {
    for (const jwk of keys.publicJwks) await postJson(form, form.dataset.registerUrl, { jwk });
    status(form, "密钥已生成并登记公钥。请妥善备份已下载的密钥文件并牢记口令：平台无法找回。");
    emit(form, "ggzy:keys-registered", detail);
    return;
  }
  const field = $(form, "[data-ggzy-public-jwks]");
  if (field) {
    field.value = JSON.stringify(keys.publicJwks);
    HTMLFormElement.prototype.submit.call(form);
  } else {
    status(form, "密钥已生成，请妥善备份已下载的密钥文件并牢记口令。");
  }
}

const HOOKS = { ggzySeal: onSeal, ggzyOpen: onOpen, ggzyKeygen: onKeygen };

/** Attach handlers to forms with data-ggzy-seal / data-ggzy-open / data-ggzy-keygen under root. */
export function bind(root = document) {
  for (const [flag, handler] of Object.entries(HOOKS)) {
    const attribute = `data-${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    for (const form of root.querySelectorAll(`form[${attribute}]`)) {
      if (form.dataset.ggzyBound) continue;
      form.dataset.ggzyBound = "1";
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const button = form.querySelector("[type=submit]");
        if (button) button.disabled = true;
        handler(form)
          .catch((error) => {
            const code = error.code || "browser_error";
            status(form, error.message || "操作失败", true);
            emit(form, "ggzy:error", { code, message: error.message });
          })
          .finally(() => {
            if (button) button.disabled = false;
          });
      });
    }
  }
}

const api = {
  generateKeys,
  exportKeyFile,
  importKeyFile,
  buildBidContent,
  parseAmount,
  sealBid,
  unwrapCek,
  readFiles,
  bind,
  b64urlDecode,
};
globalThis.ggzyBidder = api;
if (typeof document !== "undefined") bind(document);
export default api;
