import "server-only";
import type { Transporter } from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";

/** One transport for the process, made from JOURNEYLENS_SMTP_URL at the first message. */
let transport: { url: string; mailer: Transporter } | null = null;

/** Refused, with a message saying how to set it up, when no SMTP server is configured: checked before costly work. */
export function requireMail(): string {
  const url = env().JOURNEYLENS_SMTP_URL;
  if (!url) throw new AppError("not_configured", "Email is not set up on this server: set JOURNEYLENS_SMTP_URL (smtp://user:password@host:587).");
  return url;
}

/** Sends a message through the configured SMTP server. */
export async function sendMail(message: Omit<Mail.Options, "from">): Promise<void> {
  const url = requireMail();
  if (transport?.url !== url) {
    // Loaded at the first message, not with the server, like the browser for drawings.
    const nodemailer = (await import("nodemailer")).default;
    transport = { url, mailer: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 }) };
  }
  await transport.mailer.sendMail({ ...message, from: env().JOURNEYLENS_MAIL_FROM });
}
