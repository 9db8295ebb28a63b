// SelectObjectContent as the S3 provider serves it: the request is checked and the object opened like GetObject
// (SSE-C keys, archived objects), then the first event is computed before answering, so errors found in the
// first part of the input still answer HTTP 400; later ones travel as an error event in the stream.
import type { Readable } from 'node:stream';
import type { RequestContext } from '../../../common/context.js';
import type * as T from '../../../models/s3/index.js';
import type { StoredObject } from '../../../storage/index.js';
import { planSelect, runSelect, type SelectEvent } from './run.js';

export interface SelectDeps {
  ready(): Promise<void>;
  /** The object as GetObject finds it (authorization, versions, delete markers, SSE-C key, archive state). */
  open(ctx: RequestContext, input: T.SelectObjectContentRequest): Promise<{ obj: StoredObject; read(from: number): Promise<Readable> }>;
}

export function selectObjectContentOperation(deps: SelectDeps) {
  return async function selectObjectContent(ctx: RequestContext, input: T.SelectObjectContentRequest): Promise<T.SelectObjectContentOutput> {
    await deps.ready();
    const plan = planSelect(input);
    const { obj, read } = await deps.open(ctx, input);
    const events = runSelect(plan, obj.size, read);
    const first = await events.next();
    async function* payload(): AsyncGenerator<SelectEvent> {
      if (!first.done) yield first.value;
      yield* events;
    }
    // The generated output type has no member for an event stream payload; the protocol frames `Payload`.
    return { Payload: payload() } as T.SelectObjectContentOutput;
  };
}
