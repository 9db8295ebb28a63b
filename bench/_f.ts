import { writeBenchFolders } from './corpus/folder.js';
const t = performance.now();
console.log(writeBenchFolders('/tmp/det/folders', { textMb: 20, csvMb: 20, jsonMb: 20 }), performance.now() - t);
