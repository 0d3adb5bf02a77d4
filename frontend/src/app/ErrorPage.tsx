/** A page that only says what went wrong; the message tells the reader what to do. */
export function ErrorPage({ message, className = "signin-page" }: { message: string; className?: string }) {
  return (
    <main className={className}>
      <div className="error-banner" role="alert">
        {message}
      </div>
    </main>
  );
}
