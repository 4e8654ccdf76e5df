import type { ReactNode } from "react";

/**
 * States plainly what a section will show once its capability exists, instead of showing
 * made-up numbers.
 */
export function ComingNext({ title, children, items }: { title: string; children?: ReactNode; items: string[] }) {
  return (
    <section className="card wide empty">
      <h2>{title}</h2>
      {children}
      <ul>
        {items.map((i) => (
          <li key={i}>{i}</li>
        ))}
      </ul>
    </section>
  );
}
