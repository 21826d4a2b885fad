export function ComingSoon({ children }: { children: React.ReactNode }) {
  return (
    <section className="panel coming-soon">
      <h2>Coming next</h2>
      {children}
    </section>
  );
}
