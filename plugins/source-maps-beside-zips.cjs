'use strict';
// Source maps stay out of the function zips (they were two thirds of each zip, and Lambda loads what it ships) and
// are kept beside them as a build artefact, .serverless/sourcemaps/<function>/..., to symbolicate a stack trace.
// Every function's package gets '!**/*.map' (serverless-esbuild honours function-level exclusions only), and once
// the zips are written the maps esbuild wrote are copied out of its build folder (kept: keepOutputDirectory).
const fs = require('node:fs');
const path = require('node:path');

class SourceMapsBesideZips {
  constructor(serverless) {
    this.serverless = serverless;
    // Listed before serverless-esbuild in serverless.yml, so the exclusion is in place when it reads the functions.
    this.excludeMaps();
    this.hooks = { 'after:package:createDeploymentArtifacts': () => this.keepMaps() };
  }

  excludeMaps() {
    for (const fn of Object.values(this.serverless.service.functions)) {
      fn.package = { ...fn.package, patterns: [...(fn.package?.patterns ?? []), '!**/*.map'] };
    }
  }

  keepMaps() {
    const root = this.serverless.serviceDir;
    const build = path.join(root, '.esbuild', '.build');
    const out = path.join(root, '.serverless', 'sourcemaps');
    if (!fs.existsSync(build)) return;
    for (const file of fs.readdirSync(build, { recursive: true })) {
      if (!String(file).endsWith('.map')) continue;
      fs.mkdirSync(path.dirname(path.join(out, String(file))), { recursive: true });
      fs.copyFileSync(path.join(build, String(file)), path.join(out, String(file)));
    }
  }
}

module.exports = SourceMapsBesideZips;
