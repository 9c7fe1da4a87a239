/**
 * Application settings rules (Pinpoint's documented bounds). Pure: returns the problems found.
 */

export interface SettingsInput {
  CampaignHook?: { LambdaFunctionName?: string; Mode?: string; WebUrl?: string };
  CloudWatchMetricsEnabled?: boolean;
  EventTaggingEnabled?: boolean;
  Limits?: { Daily?: number; MaximumDuration?: number; MessagesPerSecond?: number; Total?: number; Session?: number };
  QuietTime?: { Start?: string; End?: string };
  JourneyLimits?: { DailyCap?: number; TimeframeCap?: { Days?: number; Cap?: number }; TotalCap?: number };
}

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

function range(problems: string[], path: string, value: number | undefined, min: number, max?: number): void {
  if (value === undefined) return;
  if (value < min || (max !== undefined && value > max)) {
    problems.push(max === undefined ? `${path} must be at least ${min}, got ${value}` : `${path} must be from ${min} to ${max}, got ${value}`);
  }
}

export function settingsProblems(settings: SettingsInput): string[] {
  const problems: string[] = [];
  const { Limits: limits, QuietTime: quiet, JourneyLimits: journey, CampaignHook: hook } = settings;
  if (limits) {
    range(problems, 'Limits.Daily', limits.Daily, 0, 100);
    range(problems, 'Limits.Total', limits.Total, 0, 100);
    range(problems, 'Limits.Session', limits.Session, 0);
    range(problems, 'Limits.MaximumDuration', limits.MaximumDuration, 60);
    range(problems, 'Limits.MessagesPerSecond', limits.MessagesPerSecond, 1, 20000);
  }
  if (quiet) {
    for (const key of ['Start', 'End'] as const) {
      const value = quiet[key];
      if (value !== undefined && !clock.test(value)) problems.push(`QuietTime.${key} must be a 24-hour time HH:mm, got '${value}'`);
    }
    if ((quiet.Start === undefined) !== (quiet.End === undefined)) problems.push('QuietTime needs both Start and End');
  }
  if (journey) {
    range(problems, 'JourneyLimits.DailyCap', journey.DailyCap, 0);
    range(problems, 'JourneyLimits.TotalCap', journey.TotalCap, 0);
    range(problems, 'JourneyLimits.TimeframeCap.Days', journey.TimeframeCap?.Days, 0);
    range(problems, 'JourneyLimits.TimeframeCap.Cap', journey.TimeframeCap?.Cap, 0);
  }
  if (hook?.WebUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(hook.WebUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) problems.push(`CampaignHook.WebUrl must be an http(s) URL, got '${hook.WebUrl}'`);
  }
  return problems;
}
