import { demoAccounts } from "./accounts.js";
import { IdpEnvError, readIdpEnv } from "./env.js";
import { startIdp } from "./server.js";

async function main(): Promise<void> {
  const env = readIdpEnv(process.env);
  const idp = await startIdp(env);

  const width = Math.max(...demoAccounts.map((account) => account.login.length));
  console.log(`Identity provider listening on ${idp.issuer}`);
  console.log(`  client id:      ${env.clientId}`);
  console.log(`  client secret:  ${env.clientSecret}`);
  console.log(`  redirect URIs:  ${env.redirectUris.join(", ")}`);
  console.log("Demo accounts (email or username / password: expected access):");
  for (const account of demoAccounts) {
    console.log(`  ${account.login.padEnd(width)}  ${account.password.padEnd(width)}  ${account.access}`);
  }

  const stop = (signal: NodeJS.Signals) => {
    console.log(`Identity provider stopping (${signal})`);
    idp.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof IdpEnvError ? error.message : error);
  process.exit(1);
});
