/** `tunnelkeeper keys …` (cli.md "Keys"): a thin adapter over main/core/keys. */
import { readFile, unlink } from 'node:fs/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  checkPublicKey,
  exists,
  FileExistsError,
  generateKey,
  KeyError,
  keyBits,
  keyWarnings,
  md5Fingerprint,
  readKey,
  readPassphraseFile,
  requirePrivate,
  sha256Fingerprint,
  TARGET_FORMATS,
  writeKey,
  writeKeyFile,
  writePublic,
  type GenerateType,
  type ReadResult,
  type TargetFormat,
  type WriteOptions,
} from '../../core/keys';
import { CliFailure } from '../errors';
import type { CommandRegistrar } from '../program';

const HINT: Partial<Record<KeyError['code'], string>> = {
  'key-locked': ' (give it with --passphrase-file)',
};

/** Every expected failure becomes one stderr line and exit 1; bugs still surface as such. */
async function failing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof KeyError)
      throw new CliFailure(`${error.message}${HINT[error.code] ?? ''}`);
    if (error instanceof FileExistsError) throw new CliFailure(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'EPERM') {
      throw new CliFailure((error as Error).message);
    }
    throw error;
  }
}

async function passphraseFrom(file: string | undefined, flag: string): Promise<string | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readPassphraseFile(file);
  } catch (error) {
    throw new CliFailure(`cannot read ${flag} ${file}: ${(error as Error).message}`);
  }
}

async function readInput(file: string, passphraseFile: string | undefined): Promise<ReadResult> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    throw new CliFailure(`cannot read key file ${file}: ${(error as Error).message}`);
  }
  const passphrase = await passphraseFrom(passphraseFile, '--passphrase-file');
  return readKey(data, { passphrase });
}

function publicLine(result: ReadResult): string {
  return writePublic(result.public, 'openssh').trim();
}

function warn(lines: string[]): void {
  for (const line of lines) process.stderr.write(`tunnelkeeper: warning: ${line}\n`);
}

function intArg(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function argon2Options(opts: {
  ppkKdf?: string;
  ppkMemory?: number;
  ppkPasses?: number;
  ppkParallelism?: number;
}): WriteOptions['argon2'] {
  const flavour = opts.ppkKdf
    ? ({ argon2id: 'Argon2id', argon2i: 'Argon2i', argon2d: 'Argon2d' } as const)[
        opts.ppkKdf as 'argon2id'
      ]
    : undefined;
  return {
    flavour,
    memory: opts.ppkMemory,
    passes: opts.ppkPasses,
    parallelism: opts.ppkParallelism,
  };
}

function addPpkOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--ppk-kdf <kdf>', 'Argon2 flavour for ppk3 output').choices([
        'argon2id',
        'argon2i',
        'argon2d',
      ]),
    )
    .addOption(
      new Option('--ppk-memory <kib>', 'Argon2 memory in KiB for ppk3 (default 8192)').argParser(
        intArg,
      ),
    )
    .addOption(
      new Option('--ppk-passes <n>', 'Argon2 passes for ppk3 (default 21)').argParser(intArg),
    )
    .addOption(
      new Option('--ppk-parallelism <n>', 'Argon2 parallelism for ppk3 (default 1)').argParser(
        intArg,
      ),
    );
}

interface InfoOptions {
  passphraseFile?: string;
  json?: boolean;
}

async function info(file: string, opts: InfoOptions): Promise<void> {
  const result = await failing(() => readInput(file, opts.passphraseFile));
  const key = result.private ?? result.public;
  const out = {
    format: result.format,
    keyType: key.type,
    bits: keyBits(key),
    encrypted: result.encrypted,
    comment: key.comment,
    fingerprint: sha256Fingerprint(key.blob),
    fingerprintMd5: md5Fingerprint(key.blob),
    publicKey: writePublic(key, 'openssh').trim(),
    private: result.format !== 'openssh-public' && result.format !== 'rfc4716-public',
    unlocked: result.private !== undefined,
    warnings: keyWarnings(key),
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const lines = [
    `format:      ${out.format}`,
    `type:        ${out.keyType} (${out.bits} bits)`,
    `encrypted:   ${out.encrypted ? 'yes' : 'no'}`,
    `comment:     ${out.comment}`,
    `fingerprint: ${out.fingerprint}`,
    `public key:  ${out.publicKey}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  warn(out.warnings);
}

async function publicKey(
  file: string,
  opts: { passphraseFile?: string; format: 'openssh' | 'rfc4716' },
): Promise<void> {
  const result = await failing(() => readInput(file, opts.passphraseFile));
  process.stdout.write(
    opts.format === 'rfc4716' ? writePublic(result.public, 'rfc4716') : `${publicLine(result)}\n`,
  );
}

interface ConvertOptions {
  to: TargetFormat;
  output: string;
  passphraseFile?: string;
  newPassphraseFile?: string;
  comment?: string;
  force?: boolean;
  ppkKdf?: string;
  ppkMemory?: number;
  ppkPasses?: number;
  ppkParallelism?: number;
}

async function convert(input: string, opts: ConvertOptions): Promise<void> {
  // Checked first so a refused overwrite costs no Argon2 run; writeKeyFile re-checks atomically.
  if (!opts.force && (await exists(opts.output))) {
    throw new CliFailure(`${opts.output} already exists (use --force to overwrite)`);
  }
  const newPassphrase = await passphraseFrom(opts.newPassphraseFile, '--new-passphrase-file');
  await failing(async () => {
    const result = await readInput(input, opts.passphraseFile);
    if (!result.private && !result.encrypted) {
      throw new KeyError(
        'unsupported',
        `${input} is a public key: only private keys can be converted`,
      );
    }
    const key = { ...requirePrivate(result) };
    if (opts.comment !== undefined) key.comment = opts.comment;
    const text = await writeKey(key, opts.to, {
      passphrase: newPassphrase,
      argon2: argon2Options(opts),
    });
    await writeKeyFile(opts.output, text, opts.force ?? false);
    warn(keyWarnings(key));
    process.stderr.write(
      `tunnelkeeper: wrote ${opts.output} (${opts.to}${newPassphrase ? ', encrypted' : ', not encrypted'})\n`,
    );
  });
}

interface GenerateCliOptions extends Omit<ConvertOptions, 'to' | 'passphraseFile'> {
  type: GenerateType;
  bits?: number;
  format: TargetFormat;
  json?: boolean;
}

async function generate(opts: GenerateCliOptions): Promise<void> {
  const pub = `${opts.output}.pub`;
  for (const file of [opts.output, pub]) {
    if (!opts.force && (await exists(file)))
      throw new CliFailure(`${file} already exists (use --force to overwrite)`);
  }
  const newPassphrase = await passphraseFrom(opts.newPassphraseFile, '--new-passphrase-file');
  await failing(async () => {
    const key = await generateKey({
      type: opts.type,
      bits: opts.bits,
      comment: opts.comment ?? '',
    });
    const text = await writeKey(key, opts.format, {
      passphrase: newPassphrase,
      argon2: argon2Options(opts),
    });
    await writeKeyFile(opts.output, text, opts.force ?? false);
    try {
      await writeKeyFile(pub, writePublic(key, 'openssh'), opts.force ?? false, 0o644);
    } catch (error) {
      await unlink(opts.output).catch(() => undefined);
      throw error;
    }
    const summary = {
      keyType: key.type,
      bits: keyBits(key),
      format: opts.format,
      encrypted: Boolean(newPassphrase),
      comment: key.comment,
      fingerprint: sha256Fingerprint(key.blob),
      publicKey: writePublic(key, 'openssh').trim(),
      privateKeyFile: opts.output,
      publicKeyFile: pub,
    };
    if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else
      process.stdout.write(
        `${summary.fingerprint} ${summary.keyType} ${summary.bits} bits\n${summary.publicKey}\n`,
      );
    warn(keyWarnings(key));
  });
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function checkPublic(
  text: string | undefined,
  opts: { json?: boolean; file?: string },
): Promise<void> {
  let input: string | Buffer;
  if (opts.file !== undefined) input = await failing(() => readFile(opts.file!));
  else if (text === undefined || text === '-') input = await readStdin();
  else input = text;
  const check = await checkPublicKey(input);
  if (opts.json) process.stdout.write(`${JSON.stringify(check)}\n`);
  else if (check.ok) process.stdout.write(`OK: ${check.keyType} ${check.fingerprint}\n`);
  else if (check.suggestion) process.stdout.write(`${check.suggestion}\n`);
  if (!check.ok) throw new CliFailure(`${check.problem}: ${check.message}`);
}

export const registerKeys: CommandRegistrar = (program) => {
  const keys = program.command('keys').description('read, convert, generate and check SSH keys');

  keys
    .command('info')
    .description('show a key file: format, type, fingerprint, public key')
    .argument('<keyfile>')
    .option('--passphrase-file <file>', 'file whose first line is the passphrase')
    .option('--json', 'machine-readable output')
    .action(info);

  keys
    .command('public')
    .description('print the public key of a key file')
    .argument('<keyfile>')
    .option('--passphrase-file <file>', 'file whose first line is the passphrase')
    .addOption(
      new Option('--format <format>', 'output form')
        .choices(['openssh', 'rfc4716'])
        .default('openssh'),
    )
    .action(publicKey);

  addPpkOptions(
    keys
      .command('convert')
      .description('convert a private key to another format')
      .argument('<in>')
      .addOption(
        new Option('--to <format>', 'output format')
          .choices([...TARGET_FORMATS])
          .makeOptionMandatory(),
      )
      .requiredOption('-o, --output <file>', 'output file (written 0600)')
      .option('--passphrase-file <file>', 'passphrase of the input key')
      .option(
        '--new-passphrase-file <file>',
        'passphrase to encrypt the output with (default: unencrypted)',
      )
      .option('--comment <comment>', 'replace the key comment')
      .option('--force', 'overwrite an existing output file'),
  ).action(convert);

  addPpkOptions(
    keys
      .command('generate')
      .description('generate a new key pair (<out> and <out>.pub)')
      .addOption(
        new Option('--type <type>', 'key type')
          .choices(['ed25519', 'rsa', 'ecdsa', 'ed448'])
          .default('ed25519'),
      )
      .addOption(
        new Option('--bits <n>', 'rsa: 2048-8192 (default 3072); ecdsa: 256, 384, 521').argParser(
          intArg,
        ),
      )
      .option('--comment <comment>', 'key comment')
      .addOption(
        new Option('--format <format>', 'private key format')
          .choices([...TARGET_FORMATS])
          .default('openssh'),
      )
      .option(
        '--new-passphrase-file <file>',
        'passphrase to encrypt the key with (default: unencrypted)',
      )
      .requiredOption('-o, --output <file>', 'private key file; the public key goes to <file>.pub')
      .option('--force', 'overwrite existing files')
      .option('--json', 'machine-readable output'),
  ).action(generate);

  keys
    .command('check-public')
    .description(
      'check a pasted public key before submitting it to a provider (exit 1 on a problem)',
    )
    .argument('[text]', 'the pasted text ("-" or nothing: read standard input)')
    .option('--file <file>', 'read the text from a file (detects UTF-16)')
    .option('--json', 'machine-readable output')
    // A pasted RFC 4716 block starts with "----": it is the text to check, not an option.
    .allowUnknownOption()
    .action(checkPublic);
};
