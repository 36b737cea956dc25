import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@gridflow/auth';
import { AppConfig } from '@gridflow/config';

/** Deployment settings the web console reads at start (public: the login page needs them too). */
@ApiTags('public')
@Public()
@Controller('public')
export class ConsoleConfigController {
  constructor(private readonly config: AppConfig) {}

  @Get('console-config')
  @ApiOperation({
    summary:
      "The console's map layers (WEB_TILE_LAYERS: base maps and overlays; empty: grid polygons on a blank map; tileUrl… repeat the first base layer for older consoles) and the residents' public address (PUBLIC_BASE_URL: tracking links on a printed 六联单)",
  })
  consoleConfig() {
    const layers = this.config.webTileLayers;
    const base = layers.find((l) => l.kind === 'base');
    return {
      tileLayers: layers,
      tileUrl: base?.url ?? null,
      tileAttribution: base?.attribution ?? null,
      tileSubdomains: base?.subdomains ?? null,
      publicBaseUrl: this.config.publicBaseUrl,
    };
  }
}
