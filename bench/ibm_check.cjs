// IBM Equal Access accessibility-checker over a list of URLs, offline.
//
// Run by bench/audit.py (see docs/qa.md, "Optional audits"); not part of the
// test suite. Needs `accessibility-checker` and `accessibility-checker-engine`
// installed OUTSIDE the repository (NODE_PATH names that node_modules) and
// the engine package's folder served on loopback (ACE_RULE_SERVER), so
// nothing is fetched from IBM's CDN. Chromium is Debian's (CHROMIUM).
//
//   node bench/ibm_check.cjs URL... > results.json
//
// Prints one JSON object per URL: counts per level, and every finding but
// the manual checklist (level, rule id, reason, XPath, snippet).

"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");

const ruleServer = process.env.ACE_RULE_SERVER;
if (!ruleServer) {
  console.error("ACE_RULE_SERVER must name the loopback URL serving accessibility-checker-engine");
  process.exit(2);
}

// The checker reads its settings from a file in the working directory:
// write one in a scratch folder so nothing lands in the repository.
const work = fs.mkdtempSync(path.join(os.tmpdir(), "hikaya-ibm-"));
fs.writeFileSync(
  path.join(work, "achecker.json"),
  JSON.stringify({
    ruleServer,
    rulePack: ruleServer,
    ruleArchive: "latest",
    policies: ["IBM_Accessibility"],
    failLevels: ["violation"],
    reportLevels: ["violation", "potentialviolation", "recommendation",
      "potentialrecommendation", "manual"],
    outputFormat: ["disable"],
    outputFolder: path.join(work, "results"),
    cacheFolder: path.join(work, "cache"),
  }),
);
process.chdir(work);

const aChecker = require("accessibility-checker");
// The checker uploads scan timings to able.ibm.com when it closes; an audit
// of this site sends nothing anywhere.
const metrics = require(path.join(path.dirname(require.resolve("accessibility-checker")),
  "lib", "common", "report", "ACReporterMetrics.js"));
metrics.ACReporterMetrics.prototype.generateSummary = async () => {};
const puppeteer = require("puppeteer-core");

const LEVELS = ["violation", "potentialviolation", "recommendation",
  "potentialrecommendation", "manual"];

async function main(urls) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--no-first-run"],
  });
  const out = [];
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      // The engine is injected with eval(), which the site's
      // Content-Security-Policy (rightly) forbids; the page renders the same.
      await page.setBypassCSP(true);
      await page.setViewport({ width: 390, height: 844 });
      const response = await page.goto(url, { waitUntil: "load" });
      const label = url.replace(/[^A-Za-z0-9]+/g, "_");
      const { report } = await aChecker.getCompliance(page, label);
      if (!report || !Array.isArray(report.results)) {
        throw new Error(`no report for ${url}: ${JSON.stringify(report).slice(0, 300)}`);
      }
      const counts = Object.fromEntries(LEVELS.map((level) => [level, 0]));
      const findings = [];
      for (const result of report.results) {
        const level = result.level;
        if (!(level in counts)) continue;
        counts[level] += 1;
        if (level !== "manual") {
          findings.push({
            level,
            rule: result.ruleId,
            message: result.message,
            xpath: result.path && result.path.dom,
            snippet: result.snippet,
          });
        }
      }
      out.push({ url, status: response.status(), counts, findings,
        rules: report.numExecuted || null });
      await page.close();
    }
  } finally {
    await aChecker.close();
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
