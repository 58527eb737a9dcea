// Copyright 2026 The ossimg Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Interoperability: the real OSS Node client, ali-oss 6 (tests/interop/
// package-lock.json), against `ossimg serve` on 127.0.0.1, with Signature V1
// and V4 in the three addressing modes:
//   path style     endpoint http://localhost:PORT, sldEnable: true
//                  -> /<bucket>/<key>, Host: localhost:PORT
//   virtual-hosted endpoint http://127.0.0.1:PORT
//                  -> /<key>, Host: <bucket>.oss-cn-hangzhou.aliyuncs.com
//   CNAME          endpoint http://img.interop.test:PORT, cname: true, and
//                  `--cname img.interop.test=<bucket>` on the server
// Name resolution is pinned to 127.0.0.1 by an http.Agent `lookup`, so
// nothing leaves the machine and no /etc/hosts entry is needed.
//
// Usage: node ali_oss_interop.js <ossimg binary> <sample.jpg>
// Exit code 0 when every check passes; each failure is printed.

'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

let OSS;
try {
  OSS = require('ali-oss');
} catch (e) {
  // ctest reports exit code 77 as skipped (SKIP_RETURN_CODE).
  console.error('ali-oss is not installed: run scripts/install-deps.sh (npm ci --prefix tests/interop)');
  process.exit(77);
}

const [binary, samplePath] = process.argv.slice(2);
if (!binary || !samplePath) {
  console.error('usage: node ali_oss_interop.js <ossimg binary> <sample.jpg>');
  process.exit(2);
}

const ID = 'LTAI-interop-id';
const SECRET = 'interop-secret';
const BUCKET = 'interop-bkt';
const DST_BUCKET = 'interop-dst';
const CNAME = 'img.interop.test';
const REGION = 'oss-cn-hangzhou';
const sample = fs.readFileSync(samplePath);

let failures = 0;
let checks = 0;
function check(cond, what) {
  checks++;
  if (!cond) {
    failures++;
    console.error(`FAIL ${what}`);
  }
}

// Every host name resolves to the loopback address.
function loopbackLookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  if (options && options.all) {
    callback(null, [{ address: '127.0.0.1', family: 4 }]);
  } else {
    callback(null, '127.0.0.1', 4);
  }
}
const agent = new http.Agent({ keepAlive: false, lookup: loopbackLookup });

// PNG width from the IHDR chunk; -1 if not a PNG.
function pngWidth(buf) {
  if (!Buffer.isBuffer(buf) || buf.length < 24 || buf.readUInt32BE(0) !== 0x89504e47) return -1;
  return buf.readUInt32BE(16);
}

function httpGet(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: headers || {}, lookup: loopbackLookup, agent: false }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

async function expectError(promise, code, status, what) {
  try {
    await promise;
    check(false, `${what}: expected ${code}, got success`);
  } catch (err) {
    check(err.code === code, `${what}: code ${err.code} (${err.message}), want ${code}`);
    check(err.status === status, `${what}: status ${err.status}, want ${status}`);
    check(typeof err.requestId === 'string' && err.requestId.length === 24, `${what}: requestId ${err.requestId}`);
    return err;
  }
  return null;
}

function startServer(root) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      binary,
      ['serve', '--root', root, '--listen', '127.0.0.1:0', '--region', 'cn-hangzhou', '--cname', `${CNAME}=${BUCKET}`],
      { env: Object.assign({}, process.env, { OSS_ACCESS_KEY_ID: ID, OSS_ACCESS_KEY_SECRET: SECRET }), stdio: ['ignore', 'pipe', 'inherit'] }
    );
    let out = '';
    child.stdout.on('data', d => {
      out += d.toString();
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', code => reject(new Error(`ossimg serve exited with ${code} before listening`)));
  });
}

function clientOptions(mode, port, v4) {
  const base = {
    accessKeyId: ID,
    accessKeySecret: SECRET,
    bucket: BUCKET,
    region: REGION,
    authorizationV4: v4,
    retryMax: 0,
    timeout: 20000,
    agent,
  };
  if (mode === 'path') return Object.assign(base, { endpoint: `http://localhost:${port}`, sldEnable: true });
  if (mode === 'vhost') return Object.assign(base, { endpoint: `http://127.0.0.1:${port}` });
  return Object.assign(base, { endpoint: `http://${CNAME}:${port}`, cname: true });
}

async function presignedUrl(client, mode, v4, key, processString) {
  if (v4) {
    return client.signatureUrlV4('GET', 600, { queries: { 'x-oss-process': processString } }, key);
  }
  return client.signatureUrl(key, { process: processString, expires: 600 });
}

async function exercise(mode, v4, port) {
  const tag = `${v4 ? 'V4' : 'V1'} ${mode}`;
  const client = new OSS(clientOptions(mode, port, v4));
  const prefix = `${v4 ? 'v4' : 'v1'}-${mode}/`;
  const key = `${prefix}photo one+two.jpg`;
  const proc = 'image/resize,w_100/format,png';

  // put, head, get
  const put = await client.put(key, sample, { meta: { owner: 'interop' } });
  check(put.res.status === 200, `${tag} put status ${put.res.status}`);
  const head = await client.head(key);
  check(head.status === 200, `${tag} head status ${head.status}`);
  check(head.meta && head.meta.owner === 'interop', `${tag} head meta ${JSON.stringify(head.meta)}`);
  check(Number(head.res.headers['content-length']) === sample.length, `${tag} head content-length ${head.res.headers['content-length']}`);
  check(/^"[0-9A-F]{32}"$/.test(head.res.headers.etag || ''), `${tag} head etag ${head.res.headers.etag}`);
  const got = await client.get(key);
  check(Buffer.compare(got.content, sample) === 0, `${tag} get returns the bytes put`);
  check(got.res.headers['x-oss-request-id'].length === 24, `${tag} get x-oss-request-id`);

  // get with a process chain
  const processed = await client.get(key, { process: proc });
  check(pngWidth(processed.content) === 100, `${tag} get with process: width ${pngWidth(processed.content)}`);
  check(processed.res.headers['content-type'] === 'image/png', `${tag} get with process: content-type ${processed.res.headers['content-type']}`);

  // presigned URL with a process, fetched by a plain HTTP client
  if (mode === 'vhost' && !v4) {
    // ali-oss refuses to presign V1 URLs for an IP endpoint.
    let threw = false;
    try {
      client.signatureUrl(key, { process: proc });
    } catch (e) {
      threw = /endpoint is IP/.test(e.message);
    }
    check(threw, `${tag} signatureUrl refuses an IP endpoint`);
  } else {
    const url = await presignedUrl(client, mode, v4, key, proc);
    // With an IP endpoint the URL carries no bucket; a browser would reach the
    // bucket's own host name, which the Host header stands for here.
    const headers = mode === 'vhost' ? { Host: `${BUCKET}.oss-cn-hangzhou.aliyuncs.com` } : {};
    const r = await httpGet(url, headers);
    check(r.status === 200, `${tag} presigned GET status ${r.status} ${r.body.toString().slice(0, 300)}`);
    check(pngWidth(r.body) === 100, `${tag} presigned GET width ${pngWidth(r.body)}`);
    // Tampering with the signed process must be refused.
    const tampered = url.replace('w_100', 'w_200');
    check(tampered !== url, `${tag} tampered URL differs`);
    const t = await httpGet(tampered, headers);
    check(t.status === 403, `${tag} tampered presigned URL status ${t.status}`);
    check(/<Code>SignatureDoesNotMatch<\/Code>/.test(t.body.toString()), `${tag} tampered presigned URL code`);
    check(/<StringToSign>/.test(t.body.toString()), `${tag} tampered presigned URL shows StringToSign`);
  }

  // processObjectSave into the same bucket and into another one
  const saved = `${prefix}saved.png`;
  const s1 = await client.processObjectSave(key, saved, 'image/resize,w_50/format,png');
  check(s1.status === 200, `${tag} processObjectSave status ${s1.status}`);
  const s1body = JSON.parse(s1.res.data.toString());
  check(s1body.status === 'OK' && s1body.object === saved && s1body.bucket === '', `${tag} processObjectSave answer ${JSON.stringify(s1body)}`);
  const savedGot = await client.get(saved);
  check(pngWidth(savedGot.content) === 50, `${tag} saved object width ${pngWidth(savedGot.content)}`);
  const s2 = await client.processObjectSave(key, saved, 'image/resize,w_40/format,png', DST_BUCKET);
  check(s2.status === 200, `${tag} processObjectSave to ${DST_BUCKET} status ${s2.status}`);
  const s3 = await client.processObjectSave(key, saved, 'image/resize,w_40/format,png', 'no-such-bucket');
  check(s3.status === 404, `${tag} processObjectSave to a missing bucket status ${s3.status}`);
  check(/NoSuchBucket/.test(s3.res.data.toString()), `${tag} processObjectSave to a missing bucket code`);

  // listV2 sees what was written
  const list = await client.listV2({ prefix, 'max-keys': 10 });
  const names = (list.objects || []).map(o => o.name).sort();
  check(JSON.stringify(names) === JSON.stringify([key, saved].sort()), `${tag} listV2 ${JSON.stringify(names)}`);

  const listV1 = await client.list({ prefix, 'max-keys': 1 });
  check(listV1.objects.length === 1 && listV1.isTruncated && listV1.nextMarker === listV1.objects[0].name, `${tag} list (V1) first page`);
  const listV1b = await client.list({ prefix, marker: listV1.nextMarker });
  check(listV1b.objects.length === 1 && !listV1b.isTruncated, `${tag} list (V1) second page`);

  // errors
  const bad = await expectError(client.get(key, { process: 'image/resize,w_abc' }), 'InvalidArgument', 400, `${tag} bad process`);
  check(bad && bad.ecCode === '0040-00000312', `${tag} bad process EC ${bad && bad.ecCode}`);
  const wrong = new OSS(Object.assign(clientOptions(mode, port, v4), { accessKeySecret: 'wrong-secret' }));
  await expectError(wrong.get(key), 'SignatureDoesNotMatch', 403, `${tag} wrong secret`);
  await expectError(client.get(`${prefix}missing.jpg`), 'NoSuchKey', 404, `${tag} missing key`);
  let headMissing = null;
  try {
    await client.head(`${prefix}missing.jpg`);
  } catch (e) {
    headMissing = e;
  }
  check(headMissing && headMissing.code === 'NoSuchKey' && headMissing.status === 404, `${tag} head of a missing key`);

  // delete
  const del = await client.delete(key);
  check(del.res.status === 204, `${tag} delete status ${del.res.status}`);
  await expectError(client.get(key), 'NoSuchKey', 404, `${tag} get after delete`);
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ossimg-interop-'));
  fs.mkdirSync(path.join(root, BUCKET));
  fs.mkdirSync(path.join(root, DST_BUCKET));
  const { child, port } = await startServer(root);
  const exited = new Promise(resolve => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    for (const v4 of [false, true]) {
      for (const mode of ['path', 'vhost', 'cname']) {
        try {
          await exercise(mode, v4, port);
        } catch (e) {
          failures++;
          console.error(`FAIL ${v4 ? 'V4' : 'V1'} ${mode}: unexpected ${e.name}: ${e.message}`);
        }
      }
    }
  } finally {
    child.kill('SIGTERM');
    const { code } = await exited;
    check(code === 0, `ossimg serve exit code after SIGTERM: ${code}`);
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`ali-oss ${require('ali-oss/package.json').version} interop: ${checks - failures}/${checks} checks passed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
