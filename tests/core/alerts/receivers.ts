import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * What the alert tests send to: a webhook and an SMTP server, both real and on loopback only.
 * Each records what arrived so a test can say "exactly one", not just "at least one".
 */
export async function until(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WebhookRequest {
  body: Record<string, unknown>;
  contentType: string | undefined;
  /** What the receiver answered; 0 = it never answered (the sender timed out). */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  requests: WebhookRequest[];
  /** The requests answered 2xx: what the destination really received. */
  accepted(): Record<string, unknown>[];
  close(): Promise<void>;
}

/** `answer(n)` chooses the reply to the n-th request (from 0): a status, or 'hang' (no reply). */
export async function startWebhookReceiver(
  answer: (n: number) => number | 'hang' = () => 200,
): Promise<WebhookReceiver> {
  const requests: WebhookRequest[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const reply = answer(requests.length);
      const entry: WebhookRequest = {
        body: JSON.parse(text) as Record<string, unknown>,
        contentType: req.headers['content-type'],
        status: reply === 'hang' ? 0 : reply,
      };
      requests.push(entry);
      if (reply === 'hang') return;
      res.writeHead(reply, { 'content-type': 'text/plain' }).end(reply < 300 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/T000/B000/secret-token`,
    requests,
    accepted: () => requests.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.body),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A self-signed certificate for 127.0.0.1, made by the openssl command (Node cannot write X.509).
 * The test trusts it as the CA (`caFile`), so TLS is verified for real, not switched off.
 */
export function selfSignedCert(dir: string): { keyFile: string; certFile: string } {
  const keyFile = path.join(dir, 'smtp-key.pem');
  const certFile = path.join(dir, 'smtp-cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
        ...['-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    // Fail, never skip: without the sink's certificate the STARTTLS path is not tested.
    throw new Error(
      `cannot make a test certificate with openssl (Debian package "openssl"): ${(error as Error).message}`,
    );
  }
  return { keyFile, certFile };
}

export interface ReceivedMail {
  from: string | undefined;
  to: string[];
  /** Whether the message came over TLS (STARTTLS). */
  secure: boolean;
  user: unknown;
  subject: string;
  body: string;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  /** Logins refused (wrong password). */
  authFailures: number;
  close(): Promise<void>;
}

/**
 * An SMTP server with STARTTLS and PLAIN/LOGIN, which (like smtp-server's default) refuses a
 * login before STARTTLS. A refused login echoes the password it got, so a test can prove the
 * alerts keep it out of their logs even when a server repeats it.
 */
export async function startSmtpSink(options: {
  keyFile: string;
  certFile: string;
  user: string;
  password: string;
  /** A server that offers no STARTTLS and would take a login in clear. */
  plaintextOnly?: boolean;
}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const sink = { authFailures: 0 };
  const server = new SMTPServer({
    key: readFileSync(options.keyFile),
    cert: readFileSync(options.certFile),
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    ...(options.plaintextOnly ? { disabledCommands: ['STARTTLS'], allowInsecureAuth: true } : {}),
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password)
        return callback(null, { user: auth.username });
      sink.authFailures++;
      return callback(new Error(`login refused for ${auth.username}/${auth.password}`));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const { subject, body } = decodeMail(Buffer.concat(chunks).toString('latin1'));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          user: session.user,
          subject,
          body,
        });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    get authFailures() {
      return sink.authFailures;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Enough of MIME for nodemailer's single-part text mail: the subject and the decoded body. */
function decodeMail(raw: string): { subject: string; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const subject = header('Subject').replace(
    /=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi,
    (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : qp(text.replace(/_/g, ' ')),
  );
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? qp(body)
        : Buffer.from(body, 'latin1').toString('utf8');
  return { subject, body: decoded.replace(/\r\n/g, '\n') };
}

function qp(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
