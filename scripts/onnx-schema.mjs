// Generates src/model/schema/onnx-schema.json (a protobufjs JSON descriptor) from the
// official onnx.proto beside it. Run: node scripts/onnx-schema.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import protobuf from 'protobufjs';

const dir = new URL('../src/model/schema/', import.meta.url);
const text = readFileSync(new URL('onnx.proto', dir), 'utf8');
const { root } = protobuf.parse(text, { keepCase: true });
writeFileSync(new URL('onnx-schema.json', dir), `${JSON.stringify(root.toJSON(), null, 2)}\n`);
