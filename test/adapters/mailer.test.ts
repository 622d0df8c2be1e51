import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxMailer, sesMailer, smtpMailer } from '../../lib/adapters/mail/mailer.ts';
import type { MailMessage } from '../../lib/pipeline/ports.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

const pdf = new Uint8Array(50_000).map((_, index) => (index * 7) % 256);
const message: MailMessage = {
  from: 'cellreport@lab.example',
  to: ['someone@lab.example'],
  subject: 'cellreport: LBHI vs LPSCl — ICE Δ',
  text: 'Initial CE 94.7 % vs 70.3 %.\n',
  attachments: [{ filename: 'report.pdf', contentType: 'application/pdf', content: pdf }],
};

let sink: SmtpSink;
let outbox: string;
beforeAll(async () => {
  sink = await startSmtpSink();
  outbox = await mkdtemp(join(tmpdir(), 'cellreport-outbox-'));
});
afterAll(async () => {
  await sink.stop();
  await rm(outbox, { recursive: true, force: true });
});

describe('mailers', () => {
  it('over SMTP, the message arrives with its subject, text and a byte-equal PDF attachment', async () => {
    // Act
    await smtpMailer(sink.url).send(message);
    const [received] = await sink.received(1);
    // Assess
    expect(received!.subject).toBe(message.subject);
    expect(received!.text).toBe(message.text);
    expect(received!.attachments[0]!.filename).toBe('report.pdf');
    expect(Buffer.compare(received!.attachments[0]!.content, Buffer.from(pdf))).toBe(0);
  });

  it('without SMTP, the message is written to the outbox as an .eml any mail client reads', async () => {
    // Act
    await outboxMailer(outbox).send(message);
    // Assess
    const names = await readdir(outbox);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/\.eml$/);
    const parsed = await simpleParser(await readFile(join(outbox, names[0]!)));
    expect(parsed.subject).toBe(message.subject);
    expect(Buffer.compare(parsed.attachments[0]!.content, Buffer.from(pdf))).toBe(0);
  });

  it('through SES, one SendEmail call carries the raw MIME with the PDF attached', async () => {
    // Prepare
    const inputs: { Content?: { Raw?: { Data?: Uint8Array } }; FromEmailAddress?: string }[] = [];
    const client = {
      send: async (command: { input: (typeof inputs)[number] }) => {
        inputs.push(command.input);
        return { MessageId: 'ses-message-1' };
      },
    } as unknown as SESv2Client;
    // Act
    const { messageId } = await sesMailer(client).send(message);
    // Assess
    expect(inputs).toHaveLength(1);
    expect(messageId).toContain('ses-message-1');
    const parsed = await simpleParser(Buffer.from(inputs[0]!.Content!.Raw!.Data!));
    expect(parsed.subject).toBe(message.subject);
    expect(Buffer.compare(parsed.attachments[0]!.content, Buffer.from(pdf))).toBe(0);
  });
});
