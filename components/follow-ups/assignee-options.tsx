/** A follow-up's assignee choices: nobody, or one of the workspace's people. */
export function AssigneeOptions({ people }: { people: readonly { id: string; name: string }[] }) {
  return (
    <>
      <option value="">Unassigned</option>
      {people.map((person) => (
        <option key={person.id} value={person.id}>
          {person.name}
        </option>
      ))}
    </>
  );
}
