import { formatMoney } from "@/lib/shared/format";

/** A charge in the workspace's currency, rounded; the exact figure on hover and for screen readers. */
export function Money({ amount, currency }: { amount: number; currency: string }) {
  const { shown, exact } = formatMoney(amount, currency);
  return (
    <span title={`Exactly ${exact}`} className="tabular-nums">
      <span aria-hidden="true">{shown}</span>
      <span className="sr-only">
        {shown} (exactly {exact})
      </span>
    </span>
  );
}
