export { tagOps } from './ops.js';
export { parseTaggableArn, tagsOf, type TaggableRef, type TaggableType } from './resources.js';
