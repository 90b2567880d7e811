import { test as setup } from "./support/test";
import { storageStatePath, type DemoUser } from "./support/accounts";
import { signInThroughIdp } from "./support/sign-in";

const users: DemoUser[] = ["alice", "bob", "carol", "mallory"];

for (const user of users) {
  setup(`sign in as ${user}`, async ({ page }) => {
    await page.goto("/signin");
    await signInThroughIdp(page, user);
    await page.context().storageState({ path: storageStatePath(user) });
  });
}
