/** The time requests are signed with: the local clock, corrected by the skew the server has reported. */
export class SigningClock {
  /** Server time minus local time, learnt from an InvalidTimestamp answer's Date header. */
  private offsetMs = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  date(): Date {
    const now = this.now();
    return this.offsetMs === 0 ? now : new Date(now.getTime() + this.offsetMs);
  }

  /** Adopts the server's clock: later signatures carry its time. */
  correctTo(serverDateMs: number): void {
    this.offsetMs = serverDateMs - this.now().getTime();
  }
}
