namespace TrioSharp.LowLevel;

/// <summary>A snapshot of a <see cref="ParkingLot"/>.</summary>
/// <param name="TasksWaiting">Tasks parked in the lot.</param>
public readonly record struct ParkingLotStatistics(int TasksWaiting);
