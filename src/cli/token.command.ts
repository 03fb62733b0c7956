import { InvalidArgumentError, type Command } from 'commander';
import { Role } from '../auth/roles';
import { developmentSecretFile, existingDevelopmentSecret, signDevelopmentToken } from '../auth/tokens';
import { AuthError } from '../auth/viewer';
import { loadConfig } from '../config';
import path from 'node:path';
import { dataDirAbove } from '../db/database';
import { EXIT_REFUSED, logToStderr } from './context';

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('print a development token (HS256, signed with the hub’s development secret) alone on stdout')
    .requiredOption('--role <role>', Object.values(Role).join(' | '), (v) => role(v))
    .requiredOption('--area <code>', 'GB/T 2260 code the viewer sees: 6 digits county, 9 town, 12 village')
    .option('--sub <name>', 'who the token is for (recorded in the audit log)', 'developer')
    .option('--expires <time>', 'lifetime, e.g. 8h, 30m, 2d', expiresOption, '8h')
    .action(async (options: { role: Role; area: string; sub: string; expires: string }) => {
      const config = loadConfig();
      if (config.jwksUrl !== null) {
        logToStderr('hub token: HUB_JWKS_URL is set: tokens come from the identity provider, not from the hub');
        process.exitCode = EXIT_REFUSED;
        return;
      }
      // Only the server creates the secret: a token signed with one that no server holds would
      // be refused everywhere with nothing to say why (run from another folder, say).
      const secret = existingDevelopmentSecret(config.dataDir, config.jwtSecret);
      if (secret === null) {
        const above = config.dataDirNamed ? null : dataDirAbove(config.dataDir);
        if (above !== null) {
          logToStderr(`hub token: this folder holds no hub data, but ${above} does: run the command in ${path.dirname(above)}, or set HUB_DATA_DIR`);
          process.exitCode = EXIT_REFUSED;
          return;
        }
        logToStderr(
          `hub token: no development secret: HUB_JWT_SECRET is not set and ${developmentSecretFile(config.dataDir)} does not exist; ` +
            'run this in the folder the hub runs in (its secret is made at its first start, npm start), or set HUB_DATA_DIR to the hub’s data folder or HUB_JWT_SECRET to its secret',
        );
        process.exitCode = EXIT_REFUSED;
        return;
      }
      try {
        const address = { issuer: config.jwtIssuer, audience: config.jwtAudience };
        console.log(await signDevelopmentToken(secret, { sub: options.sub, role: options.role, area: options.area }, options.expires, address));
      } catch (error) {
        if (!(error instanceof AuthError)) throw error;
        logToStderr(`hub token: ${error.message}`);
        process.exitCode = EXIT_REFUSED;
      }
    });
}

/** A lifetime jose reads ("8h", "30m", "2 days"): refused here, before signing, with the forms it takes. */
function expiresOption(value: string): string {
  if (!/^\d+\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/i.test(value.trim())) {
    throw new InvalidArgumentError('--expires must be a lifetime such as 30m, 8h or 2d');
  }
  return value.trim();
}

function role(value: string): Role {
  const upper = value.toUpperCase().replace(/-/g, '_');
  if (!(Object.values(Role) as string[]).includes(upper)) throw new InvalidArgumentError(`--role must be one of ${Object.values(Role).join(', ')}`);
  return upper as Role;
}
