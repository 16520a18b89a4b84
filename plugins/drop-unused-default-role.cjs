'use strict';
// Every Fleetwarden function has its own least-privilege role (serverless-iam-roles-per-function), yet the
// framework still compiles its shared default role. This removes that role when no function uses it, so the
// template holds no role wider than a function needs.
class DropUnusedDefaultRole {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.drop() };
  }

  drop() {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    const name = 'IamRoleLambdaExecution';
    if (!resources[name]) return;
    const used = JSON.stringify(
      Object.entries(resources).filter(([key]) => key !== name).map(([, resource]) => resource),
    ).includes(`"${name}"`);
    if (!used) delete resources[name];
  }
}

module.exports = DropUnusedDefaultRole;
