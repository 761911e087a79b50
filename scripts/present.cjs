// `npm run present` starts here, in CommonJS, for the first start's sake: tsx's ES-module hooks run
// in a loader thread that costs Node 20 about 0.3 s before the first line of present.ts (0.71 s to
// "Ready" against 0.40 s this way; docs/performance.md). tsx's CommonJS hook runs in this thread and
// compiles present.ts and what it imports to CommonJS (none of it may use top-level await: it would
// fail here at once). `npm run dev`, the other commands and the unit tests load the same modules as
// ES modules.
require('tsx/cjs')
require('./present.ts')
