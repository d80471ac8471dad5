// Decodes then re-encodes wire JSON with a compiled package's generated models.
// Usage: node models.mjs <package dist/index.js> <cases.json>
// Each case is {"schema": "Recorder", "wire": ...}; each result is {"wire": ...} or
// {"problems": [...]} (a DecodeError) — printed as one JSON array on stdout.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [packageIndex, casesFile] = process.argv.slice(2);
const models = await import(pathToFileURL(packageIndex).href);
const cases = JSON.parse(readFileSync(casesFile, "utf8"));

const results = cases.map(({ schema, wire }) => {
  const decode = models[`decode${schema}`];
  const encode = models[`encode${schema}`];
  if (typeof decode !== "function" || typeof encode !== "function") {
    return { missing: schema };
  }
  try {
    return { wire: encode(decode(wire)) };
  } catch (error) {
    if (error instanceof models.DecodeError) {
      return { problems: error.problems, message: error.message };
    }
    return { crash: String(error) };
  }
});
process.stdout.write(JSON.stringify(results));
