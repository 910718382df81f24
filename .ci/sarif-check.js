// Reads a SARIF file and the Multitool's validation log of it; fails when the file has no
// results (the check would prove nothing) or the log has any error-level result.
const fs = require("fs");
const [checked, log] = process.argv.slice(2);
const input = JSON.parse(fs.readFileSync(checked, "utf8"));
const results = input.runs[0].results.length;
const run = JSON.parse(fs.readFileSync(log, "utf8")).runs[0];
const rules = (run.tool.driver.rules || []);
let errors = 0, warnings = 0;
for (const r of run.results || []) {
    const rule = rules[r.ruleIndex] || {};
    const level = r.level || (rule.defaultConfiguration || {}).level || "warning";
    const where = ((r.locations || [])[0] || {}).physicalLocation || {};
    const line = (where.region || {}).startLine;
    const text = r.message.text || `${r.message.id} ${JSON.stringify(r.message.arguments || [])}`;
    console.log(`${checked}:${line}: ${level} ${r.ruleId}: ${text}`);
    if (level === "error") errors++;
    if (level === "warning") warnings++;
}
console.log(`${checked}: ${results} results checked; Multitool: ${errors} error(s), ${warnings} warning(s)`);
if (results === 0 || errors > 0) process.exit(1);
