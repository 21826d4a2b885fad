// Source addresses are attacker-influenced text: keep only what is a real IPv4 / IPv6 address.
import { isIP } from "node:net";

/** The address in canonical text, or null when the value is not an IP address (e.g. "ec2.amazonaws.com"). */
export function cleanIp(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  const candidate = mapped ? mapped[1] : text;
  return isIP(candidate) ? candidate.toLowerCase() : null;
}
