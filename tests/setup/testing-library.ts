import { configure } from '@testing-library/react';

// Fluent UI dialogs take a while to mount in jsdom on a loaded 2-core machine; a `findBy…`
// waits for what the user would see, so waiting longer only slows a failing test.
configure({ asyncUtilTimeout: 5_000 });
