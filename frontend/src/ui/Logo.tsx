export function Logo({ withText = true }: { withText?: boolean }) {
  return (
    <span className="logo">
      <svg width="34" height="22" viewBox="0 0 34 22" aria-hidden="true" focusable="false">
        <circle cx="11" cy="11" r="7.5" fill="none" stroke="#f9ab00" strokeWidth="4" />
        <circle cx="23" cy="11" r="7.5" fill="none" stroke="#e8710a" strokeWidth="4" />
      </svg>
      {withText && <span className="logo-text">Collaboratory</span>}
    </span>
  );
}
