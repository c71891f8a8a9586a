import type { FastifyRequest } from 'fastify';
import { MotifError } from '../core/errors/index.ts';

/** A file field of a multipart body, read into memory. */
interface UploadedFile {
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** The name the client gave the file, if any (never used as a path). */
  readonly filename: string | undefined;
}

/** A multipart body: its files and text fields by name, each at most once. */
export interface MultipartBody {
  readonly files: Readonly<Record<string, UploadedFile>>;
  readonly fields: Readonly<Record<string, string>>;
}

/** What a route accepts in a multipart body. */
export interface MultipartShape {
  /** File fields; `image[]` (OpenAI's name for several images) is read as `image`. */
  readonly files: readonly string[];
  readonly fields: readonly string[];
  /** Largest file accepted. */
  readonly maxFileBytes: number;
  /** Longest text field accepted. */
  readonly maxFieldBytes: number;
}

/**
 * Reads a `multipart/form-data` body (parsed by `@fastify/multipart`, i.e.
 * busboy) into memory, within limits: only the named files and fields, each
 * once, files up to `maxFileBytes`, text fields up to `maxFieldBytes`. Every
 * problem is a named MotifError: an unknown or repeated field
 * (`invalid_request`, its name as `param`), a file too large
 * (`payload_too_large`), a malformed body (`invalid_request`).
 */
export async function readMultipartBody(request: FastifyRequest, shape: MultipartShape): Promise<MultipartBody> {
  const files: Record<string, UploadedFile> = {};
  const fields: Record<string, string> = {};
  // A file over `fileSize` throws (the plugin's default, `throwFileSizeLimit`) rather than arriving cut short.
  const parts = request.parts({
    // One part more than the route takes, so a stray part is named (unknown or repeated) before a limit cuts it off.
    limits: {
      files: shape.files.length + 1,
      fields: shape.fields.length + 1,
      parts: shape.files.length + shape.fields.length + 1,
      fileSize: shape.maxFileBytes,
      fieldSize: shape.maxFieldBytes,
      fieldNameSize: 100,
      headerPairs: 200,
    },
  });
  try {
    for await (const part of parts) {
      const name = part.fieldname === 'image[]' ? 'image' : part.fieldname;
      if (part.type === 'file') {
        if (!shape.files.includes(name)) {
          throw unknownField(name, shape, 'a file');
        }
        if (Object.hasOwn(files, name)) throw repeated(name);
        const bytes = await part.toBuffer();
        files[name] = {
          bytes: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength),
          filename: part.filename || undefined,
        };
      } else {
        if (!shape.fields.includes(name)) throw unknownField(name, shape, 'a field');
        if (Object.hasOwn(fields, name)) throw repeated(name);
        if (part.valueTruncated)
          throw new MotifError('invalid_request', { param: name, message: `${name}: longer than ${shape.maxFieldBytes} bytes` });
        if (typeof part.value !== 'string') throw new MotifError('invalid_request', { param: name, message: `${name}: must be text` });
        fields[name] = part.value;
      }
    }
  } catch (error) {
    throw fromMultipartError(error, shape);
  }
  return { files, fields };
}

function unknownField(name: string, shape: MultipartShape, kind: string): MotifError {
  const shown = name.slice(0, 60);
  const isFile = shape.files.includes(name);
  const isField = shape.fields.includes(name);
  const message =
    isFile || isField
      ? `${shown}: must be ${isFile ? 'a file' : 'a text field'}, not ${kind}`
      : `${shown}: unknown field; this route takes ${[...shape.files, ...shape.fields].join(', ')}`;
  return new MotifError('invalid_request', { param: shown, message });
}

function repeated(name: string): MotifError {
  return new MotifError('invalid_request', { param: name, message: `${name}: send it once (one image per request)` });
}

/** The multipart plugin's and busboy's errors, as the API's named errors. */
function fromMultipartError(error: unknown, shape: MultipartShape): unknown {
  if (error instanceof MotifError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new MotifError('payload_too_large', {
        message: `A file is larger than ${Math.round(shape.maxFileBytes / 1024 / 1024)} MB, the most this route accepts.`,
      });
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new MotifError('invalid_request', {
        message: `The form has more parts than this route takes (${[...shape.files, ...shape.fields].join(', ')}).`,
      });
    case 'FST_PROTO_VIOLATION':
      return new MotifError('invalid_request', { message: 'The form has a field name that is not allowed.' });
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new MotifError('invalid_request', { message: 'A form field declared as JSON is not valid JSON.' });
    default:
      // busboy's own complaints (no boundary, a form cut short) are the client's malformed body.
      if (error instanceof Error && /multipart|boundary|unexpected end/i.test(error.message)) {
        return new MotifError('invalid_request', { message: `The multipart body is malformed (${error.message.slice(0, 80)}).` });
      }
      return error;
  }
}
