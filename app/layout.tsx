import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Journeylens", template: "%s · Journeylens" },
  description: "Customer-journey and cohort analytics",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
