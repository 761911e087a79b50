import antfu from '@antfu/eslint-config'

export default antfu({
  vue: true,
  typescript: true,
  // The slides are prose checked by `npm run lint:slides`, not code.
  markdown: false,
  // labs/ holds the learners' files, as the slides show them: the code check
  // (npm run lint:slides) checks them. schemas/github/ is SchemaStore's file, unchanged.
  ignores: ['dist/**', '.fixture-sites/**', 'scratch/**', 'test-results/**', 'playwright-report/**', '**/*.md', 'labs/**', 'schemas/github/**'],
})
