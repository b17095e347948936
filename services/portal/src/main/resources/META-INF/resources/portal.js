// The Day2 portal: reads /api/config, then starts each panel. No CDN: every library is vendored.
import { startMap } from './map.js';
import { startWrpi } from './wrpi.js';
import { startCounter } from './counter.js';
import { startPreferences } from './preferences.js';
import { startStatus } from './status.js';

const config = await (await fetch('api/config')).json();
startMap(config);
startWrpi(config);
startCounter();
startPreferences();
startStatus();
