import antfu from '@antfu/eslint-config'

export default antfu({
  vue: true,
  typescript: true,
  // The slides are prose checked by `npm run lint:slides`, not code.
  markdown: false,
  ignores: ['dist/**', '.fixture-sites/**', 'scratch/**', 'test-results/**', 'playwright-report/**', '**/*.md'],
})
