import type { Command } from './index';

export const showLog: Command = {
  id: 'aura.showLog',
  run(c) {
    c.log.show();
  },
};
