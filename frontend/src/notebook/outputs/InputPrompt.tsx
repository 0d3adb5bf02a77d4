import { useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent } from "react";

/**
 * The stdin box shown while the kernel waits in input() or getpass(): the prompt as its label, a text
 * (or password) field focused on mount, Enter sends the value once.
 */
export function InputPrompt({
  prompt,
  password,
  onSubmit,
}: {
  prompt: string;
  password: boolean;
  onSubmit: (value: string) => void;
}) {
  const [value, setValue] = useState("");
  const [sent, setSent] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    input.current?.focus({ preventScroll: false });
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter" || event.nativeEvent.isComposing || sent) return;
    event.preventDefault();
    setSent(true);
    onSubmit(value);
  }

  return (
    <div className="input-prompt" data-output="stdin">
      <label className="input-prompt-label" htmlFor={id}>
        {prompt}
      </label>
      <input
        ref={input}
        id={id}
        className="input-prompt-field"
        type={password ? "password" : "text"}
        value={value}
        aria-label={prompt.trim() ? undefined : password ? "Password" : "Input"}
        autoComplete={password ? "current-password" : "off"}
        spellCheck={false}
        readOnly={sent}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
