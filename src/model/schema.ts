/**
 * The official ONNX schema (schema/onnx.proto, Apache-2.0, see schema/NOTICE.md) loaded
 * into protobufjs from its JSON descriptor; the decoding itself is protobufjs's.
 */
import protobuf from 'protobufjs/light.js';
import descriptor from './schema/onnx-schema.json' with { type: 'json' };

let modelType: protobuf.Type | undefined;

/** The `onnx.ModelProto` message type (built once, on first use). */
export function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(descriptor as protobuf.INamespace).lookupType(
    'onnx.ModelProto',
  );
  return modelType;
}
