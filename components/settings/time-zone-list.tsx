/** Every IANA zone the server knows, offered by the time zone inputs (`list="time-zones"`); drawn on the server only. */
export function TimeZoneList() {
  return (
    <datalist id="time-zones">
      {Intl.supportedValuesOf("timeZone").map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}
