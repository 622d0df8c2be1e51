/**
 * The `Mailer` port over nodemailer, with the three transports of DESIGN §1: SES (v2 API) in
 * AWS, SMTP when `SMTP_URL` is set, otherwise `.eml` files in `<data dir>/outbox/` that the
 * local web page lists.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import nodemailer from 'nodemailer';
import type { Mailer, MailMessage } from '../../pipeline/ports.ts';

type Transporter = ReturnType<typeof nodemailer.createTransport>;

function toNodemailer(message: MailMessage) {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: Buffer.from(
        attachment.content.buffer,
        attachment.content.byteOffset,
        attachment.content.byteLength,
      ),
    })),
  };
}

function transporterMailer(transporter: Transporter): Mailer {
  return {
    send: async (message) => {
      const info = await transporter.sendMail(toNodemailer(message));
      return { messageId: String(info.messageId) };
    },
  };
}

/** SES through nodemailer's SES transport: it sends the raw MIME it builds, attachments included. */
export function sesMailer(client: SESv2Client = new SESv2Client({})): Mailer {
  return transporterMailer(nodemailer.createTransport({ SES: { sesClient: client, SendEmailCommand } }));
}

export function smtpMailer(url: string): Mailer {
  return transporterMailer(nodemailer.createTransport(url));
}

/** Writes each message as `<outbox>/<time>-<n>.eml`, a file any mail client opens. */
export function outboxMailer(outboxDir: string): Mailer {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let sequence = 0;
  return {
    send: async (message) => {
      const info = await transporter.sendMail(toNodemailer(message));
      await mkdir(outboxDir, { recursive: true });
      sequence += 1;
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${sequence}.eml`;
      await writeFile(join(outboxDir, name), info.message as Buffer);
      return { messageId: String(info.messageId) };
    },
  };
}
