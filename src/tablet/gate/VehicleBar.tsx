/** "🚗 豫M12345 · 已登记 2 人 · 完成本车": the vehicle whose people the gate is scanning, over the camera. */
import { useT } from '../../ui/i18n.ts';
import type { VehicleInProgress } from './useVehicle.ts';

export function VehicleBar({ vehicle, onDone }: { vehicle: VehicleInProgress; onDone: () => void }) {
  const t = useT();
  return (
    <div class="vehicle-bar" role="status" data-vehicle={vehicle.plate} data-people={vehicle.people}>
      <span>🚗 {t('vehicleNow')} <b>{vehicle.plate}</b> · {t('vehiclePeople').replace('{n}', String(vehicle.people))}{vehicle.people === 0 && ` · ${t('vehicleDriverNext')}`}</span>
      <button class="big primary" onClick={onDone}>{t('vehicleDone')}</button>
    </div>
  );
}
