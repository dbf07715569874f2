// Format CSL-JSON items with citeproc-js, the engine of Zotero, and print the bibliography.
//
// Usage: node citeproc_js.js NODE_MODULES STYLE.csl LOCALES_DIR ITEMS.json
//
// NODE_MODULES is the folder that holds the npm package `citeproc`; LOCALES_DIR holds the CSL
// locale files (locales-en-US.xml, ...). Prints a JSON array: one plain-text entry per item, in the
// style's order. Exits 1, with the message on stderr, when the engine fails.
"use strict";

const fs = require("fs");
const path = require("path");

const [modules, stylePath, localesDir, itemsPath] = process.argv.slice(2);
if (!itemsPath) {
  process.stderr.write("usage: node citeproc_js.js NODE_MODULES STYLE.csl LOCALES_DIR ITEMS.json\n");
  process.exit(2);
}
const CSL = require(path.join(path.resolve(modules), "citeproc"));

const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = new Map(items.map((item) => [String(item.id), item]));
const sys = {
  retrieveLocale(lang) {
    const file = path.join(localesDir, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem(id) {
    return byId.get(String(id));
  },
};

const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, "utf8"), "en-US");
engine.setOutputFormat("text");
engine.updateItems([...byId.keys()]);
const [meta, entries] = engine.makeBibliography();
if (meta.bibliography_errors.length) {
  process.stderr.write(JSON.stringify(meta.bibliography_errors) + "\n");
  process.exit(1);
}
process.stdout.write(JSON.stringify(entries.map((entry) => entry.trim())) + "\n");
