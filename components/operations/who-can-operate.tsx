import type { PeopleRule } from "@/lib/config/schema";

/** The workspace's operators rule in words: "alice@acme.test, anyone at ops.acme.test, the group “dialers”". */
export function operatorsInWords(rule: PeopleRule): string[] {
  return [
    ...rule.emails,
    ...rule.domains.map((domain) => `anyone with an @${domain} address`),
    ...rule.groups.map((group) => `the group “${typeof group === "string" ? group : group.group}”`),
  ];
}

/** What a member sees where an operator has an action: who may do it, instead of a button that cannot work. */
export function WhoCanOperate({ rule, action }: { rule: PeopleRule; action: string }) {
  const who = operatorsInWords(rule);
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="who-can-operate">
      {who.length === 0
        ? `No one is set up to ${action} in this workspace yet: an administrator adds operators to its configuration.`
        : `Only the workspace's operators can ${action}: ${who.join(", ")}. Ask one of them, or an administrator to add you.`}
    </p>
  );
}
