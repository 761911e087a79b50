/**
 * `npm run present`'s command line: an allow-list, read strictly, turned into
 * a Slidev command line built from checked values only. What Slidev's yargs
 * would read as "open the network" or "open a tunnel" is refused in every
 * spelling. (tests/present-command.spec.ts runs the command for real.)
 */
import { describe, expect, it } from 'vitest'
import { lessons } from '../../data/course'
import { generatePassword, parsePresentArgs, PASSWORD_ENV, slidevArgs, slidevEnv } from '../../scripts/present/args'
import { entryOf } from '../../scripts/shared/project'

const GOOD = 'tablet-screen-42'
const made = () => 'generated-password-1'
const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parsePresentArgs(args, env, made)

describe('the lesson', () => {
  it('is required first, by number or slug, and refused with the list of lessons', () => {
    expect(parse(['lesson-2']).lesson.number).toBe(2)
    expect(parse(['3']).lesson.number).toBe(3)
    expect(() => parse([])).toThrow(/^No lesson given\. Choose one of: 1 \(.+\), 2 \(.+\), 3 \(.+\)$/)
    expect(() => parse(['--port', '4000'])).toThrow(/^No lesson given\./)
    expect(() => parse(['4'])).toThrow(/^Unknown lesson "4"\. Choose one of: 1 /)
    expect(() => parse(['1', '2'])).toThrow(/Unexpected argument "2": give one lesson, then options/)
  })
})

describe('without a password', () => {
  it('slidev gets no --remote and no --bind: it listens on localhost', () => {
    const options = parse(['1', '--port', '4000'])
    expect(options.password).toBeUndefined()
    expect(slidevArgs(options)).toEqual([entryOf(lessons[0]), '--port', '4000'])
  })

  it('a stale password in the environment is not handed to Slidev', () => {
    const env = slidevEnv(parse(['1']), { [PASSWORD_ENV]: GOOD, PATH: '/bin' })
    expect(env).not.toHaveProperty(PASSWORD_ENV)
    expect(env.PATH).toBe('/bin')
  })
})

describe('with a password', () => {
  it('from the environment: Slidev gets an empty --remote= and --bind 0.0.0.0; the password goes only into its environment', () => {
    const options = parse(['2'], { [PASSWORD_ENV]: GOOD })
    expect(options.passwordFrom).toBe('environment')
    const args = slidevArgs(options)
    expect(args).toEqual([entryOf(lessons[1]), '--remote=', '--bind', '0.0.0.0'])
    expect(args.join(' ')).not.toContain(GOOD)
    expect(slidevEnv(options, {})[PASSWORD_ENV]).toBe(GOOD)
  })

  it('--remote <password> and --remote=<password> win over the environment', () => {
    expect(parse(['3', '--remote', 'command-line-pw'], { [PASSWORD_ENV]: GOOD })).toMatchObject({ password: 'command-line-pw', passwordFrom: 'command line' })
    expect(parse(['3', '--remote=inline-password'])).toMatchObject({ password: 'inline-password', passwordFrom: 'command line' })
  })

  it('--remote alone, or followed by another option, makes a password for this run', () => {
    expect(parse(['1', '--remote'])).toMatchObject({ password: 'generated-password-1', passwordFrom: 'generated' })
    expect(parse(['1', '--remote='])).toMatchObject({ password: 'generated-password-1', passwordFrom: 'generated' })
    expect(parse(['1', '--remote', '--port', '4000'])).toMatchObject({ password: 'generated-password-1', port: 4000 })
  })

  it('--remote alone keeps the environment\'s password when there is one', () => {
    expect(parse(['1', '--remote'], { [PASSWORD_ENV]: GOOD })).toMatchObject({ password: GOOD, passwordFrom: 'environment' })
  })

  it('a generated password is 16 characters that are hard to misread, different each time', () => {
    const passwords = Array.from({ length: 50 }, generatePassword)
    for (const password of passwords)
      expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/)
    expect(new Set(passwords).size).toBe(50)
  })

  it('must have at least 12 characters that survive a URL as they are', () => {
    expect(() => parse(['1', '--remote', 'tablet-42'])).toThrow(/\(--remote\) must have at least 12 characters/)
    expect(() => parse(['1'], { [PASSWORD_ENV]: 'short' })).toThrow(/\(COURSE_REMOTE_PASSWORD\) must have at least 12 characters/)
    expect(() => parse(['1', '--remote', 'abcdefghijkl'])).not.toThrow()
    expect(() => parse(['1'], { [PASSWORD_ENV]: 'a&b=c-long-enough' })).toThrow(/letters, digits and \. _ ~ - only/)
    expect(() => parse(['1', '--remote=-starts-with-dash'])).toThrow(/not starting with -/)
  })

  it('--bind takes an IP address, in brackets or not', () => {
    expect(slidevArgs(parse(['1', '--remote', GOOD, '--bind', '192.168.1.20'])).slice(-2)).toEqual(['--bind', '192.168.1.20'])
    expect(parse(['1', '--remote', GOOD, '--bind=[::1]']).bind).toBe('::1')
    expect(() => parse(['1', '--remote', GOOD, '--bind', 'my-laptop.local'])).toThrow(/--bind needs an IP address/)
    expect(() => parse(['1', '--remote', GOOD, '--bind'])).toThrow(/--bind needs a value/)
  })
})

describe('the options passed on to Slidev', () => {
  it('are --port, --open, --log and --force, rebuilt from their checked values', () => {
    const options = parse(['1', '-p', '4000', '-o', '--log=info', '-f'])
    expect(options).toMatchObject({ port: 4000, open: true, log: 'info', force: true })
    expect(slidevArgs(options)).toEqual([entryOf(lessons[0]), '--port', '4000', '--open', '--log', 'info', '--force'])
    expect(slidevArgs(parse(['1', '--port=4001', '--open', '--force', '--log', 'silent']))).toEqual([entryOf(lessons[0]), '--port', '4001', '--open', '--log', 'silent', '--force'])
  })

  it('are checked', () => {
    for (const port of ['0', '65536', 'abc', '40.5', '-1'])
      expect(() => parse(['1', `--port=${port}`]), port).toThrow(/--port needs a port number/)
    expect(() => parse(['1', '--port'])).toThrow(/--port needs a value/)
    expect(() => parse(['1', '--log', 'loud'])).toThrow(/--log is one of error, warn, info, silent/)
    expect(() => parse(['1', '--open=false'])).toThrow(/give --open alone/)
    expect(() => parse(['1', '--port', '4000', '-p', '4001'])).toThrow(/--port is given twice/)
    expect(() => parse(['1', '--remote', GOOD, '--remote', GOOD])).toThrow(/--remote is given twice/)
  })
})

describe('the options present takes itself', () => {
  it('--dry-run: only the mode is wanted; it reaches neither Slidev nor anything else', () => {
    const options = parse(['2', '--dry-run'])
    expect(options).toMatchObject({ dryRun: true, edit: false, open: false })
    expect(parse(['2']).dryRun).toBe(false)
    expect(slidevArgs(parse(['2', '--dry-run', '--port', '4000']))).toEqual([entryOf(lessons[1]), '--port', '4000'])
    expect(() => parse(['2', '--dry-run=true'])).toThrow(/give --dry-run alone, without a value/)
    expect(() => parse(['2', '--dry-run', '--dry-run'])).toThrow(/--dry-run is given twice/)
    for (const arg of ['--dryrun', '--dry_run', '-n', '--no-dry-run'])
      expect(() => parse(['2', arg]), arg).toThrow(/Unknown option/)
  })
})

describe('what would open the server or a tunnel', () => {
  it('--tunnel in every spelling yargs reads, password or not', () => {
    for (const arg of ['--tunnel', '--tunnel=true', '--tunnel=false', '--tunnel.a', '--tunnel.a=1', '--no-tunnel', '--Tunnel', '--tunnelx'])
      expect(() => parse(['1', '--remote', GOOD, arg]), arg).toThrow(/a tunnel is never allowed/)
  })

  it('--remote and --bind in any other form', () => {
    expect(() => parse(['1', '--no-remote'])).toThrow(/--no-remote is not understood: give --remote \[<password>\]/)
    expect(() => parse(['1', '--remote.x=1'])).toThrow(/--remote\.x=1 is not understood/)
    expect(() => parse(['1', '--remote.x', '1'])).toThrow(/--remote\.x is not understood/)
    expect(() => parse(['1', '--Remote', GOOD])).toThrow(/--Remote is not understood/)
    expect(() => parse(['1', '--bind.x', '1'])).toThrow(/--bind\.x is not understood/)
    expect(() => parse(['1', '--no-bind'])).toThrow(/--no-bind is not understood/)
  })

  it('--bind without a password', () => {
    expect(() => parse(['1', '--bind', '0.0.0.0'])).toThrow(/--bind only applies with a remote password/)
    expect(() => parse(['1', '--bind=127.0.0.1'])).toThrow(/--bind only applies with a remote password/)
  })

  it('anything not on the list', () => {
    for (const args of [['--inspect'], ['--base', '/x/'], ['--theme', 'seriph'], ['-x'], ['--'], ['-'], ['--p', '1'], ['-port', '1'], ['-of']])
      expect(() => parse(['1', ...args]), args.join(' ')).toThrow(/Unknown option|Unexpected argument/)
  })
})
