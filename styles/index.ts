// Fonts come from npm and are bundled with the site: nothing is fetched from
// the Internet, and every machine renders and prints the same glyphs.
import '@fontsource/noto-sans-sc/400.css'
import '@fontsource/noto-sans-sc/700.css'
import '@fontsource/jetbrains-mono/400.css'
import './course.css'
